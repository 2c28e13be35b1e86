using ChildForum.Core.Data;
using ChildForum.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.WorkingGroups.Tests.Host;

/// <summary>On SQLite a writer that finds another one writing waits inside SQLite (its busy timeout) instead of failing
/// at once into Microsoft.Data.Sqlite's 150 ms sleeps (SqliteConnectionSetup).</summary>
[Collection(SqliteAppFixture.Collection)]
public sealed class SqliteWritersTests(SqliteAppFixture fixture) : ForumTest(fixture)
{
    [Fact]
    public async Task Every_connection_of_the_site_waits_for_a_busy_database_inside_SQLite()
    {
        var timeouts = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            timeouts.Add(await App.QueryDatabaseAsync(db => db.Database.SqlQueryRaw<long>("PRAGMA busy_timeout").ToListAsync().ContinueWith(t => t.Result.Single())));
        }

        // The connection string's Default Timeout (30 s), on a fresh scope each time (pooled connections included).
        Assert.All(timeouts, timeout => Assert.Equal(30_000, timeout));
    }

    [Fact]
    public async Task A_writer_that_meets_another_waits_for_it_and_then_writes()
    {
        await using var first = App.Services.CreateAsyncScope();
        var holder = first.ServiceProvider.GetRequiredService<ForumDbContext>();
        await using var transaction = await holder.Database.BeginTransactionAsync();
        await holder.Database.ExecuteSqlRawAsync("""UPDATE "Organisations" SET "Name" = "Name" WHERE "Id" = (SELECT MIN("Id") FROM "Organisations")""");

        var second = Task.Run(() => App.QueryDatabaseAsync(db =>
            db.Database.ExecuteSqlRawAsync("""UPDATE "Organisations" SET "Name" = "Name" WHERE "Id" = (SELECT MIN("Id") FROM "Organisations")""")));
        await Task.Delay(50);
        Assert.False(second.IsCompleted, "The second writer should wait while the first holds the lock.");
        await transaction.CommitAsync();

        Assert.Equal(1, await second.WaitAsync(TimeSpan.FromSeconds(20)));
    }
}
