using ChildForum.Core.Data;
using ChildForum.Core.Organisations;
using ChildForum.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.WorkingGroups.Tests.Host;

/// <summary>Contexts are pooled (DataSetup): a request gets a context that an earlier one used, and nothing of that use may
/// come with it. A request that fails half-way leaves a change not saved, a transaction not committed (on SQLite holding
/// the write lock, with the connection kept open by KeepConnectionOpen) and a SavedChanges handler (WakeSignal).</summary>
public abstract class PooledContextTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task A_context_comes_back_from_the_pool_with_nothing_of_the_request_that_used_it_before()
    {
        var organisationId = await App.QueryDatabaseAsync(db => db.Organisations.MinAsync(o => o.Id));
        var name = await App.QueryDatabaseAsync(db => db.Organisations.Where(o => o.Id == organisationId).Select(o => o.Name).SingleAsync());
        var handlerCalls = 0;
        ForumDbContext used;
        await using (var failed = App.Services.CreateAsyncScope())
        {
            used = failed.ServiceProvider.GetRequiredService<ForumDbContext>();
            used.SavedChanges += (_, _) => handlerCalls++;
            await used.Database.BeginTransactionAsync();
            (await used.Organisations.SingleAsync(o => o.Id == organisationId)).Name = name + " (saved, never committed)";
            await used.SaveChangesAsync();
            used.Add(new Organisation { Name = Unique.Name("Never saved"), StakeholderType = StakeholderType.Cso });
            Assert.Equal(1, handlerCalls);
        }

        // Another writer is not held up by the transaction left open: it was rolled back and its lock let go.
        var written = App.QueryDatabaseAsync(db => db.Database.ExecuteSqlRawAsync("""UPDATE "Organisations" SET "Name" = "Name" WHERE "Id" = {0}""", organisationId));
        Assert.Equal(1, await written.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(name, await App.QueryDatabaseAsync(db => db.Organisations.Where(o => o.Id == organisationId).Select(o => o.Name).SingleAsync()));

        // The same instance is leased again (background services lease too, so it may take a few scopes).
        var seen = false;
        for (var attempt = 0; attempt < 50 && !seen; attempt++)
        {
            await using var next = App.Services.CreateAsyncScope();
            var db = next.ServiceProvider.GetRequiredService<ForumDbContext>();
            if (!ReferenceEquals(db, used))
            {
                continue;
            }
            seen = true;
            Assert.Empty(db.ChangeTracker.Entries());
            Assert.Null(db.Database.CurrentTransaction);
            var organisation = await db.Organisations.SingleAsync(o => o.Id == organisationId);
            Assert.Equal(name, organisation.Name);
            // A save of this lease does not call the handler the failed request added.
            organisation.Name = name + " (saved by the next lease)";
            await db.SaveChangesAsync();
            organisation.Name = name;
            await db.SaveChangesAsync();
            Assert.Equal(1, handlerCalls);
        }
        Assert.True(seen, "A context used by one scope was never leased again by 50 later scopes: the site's contexts are not pooled.");
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class PooledContextTestsOnSqlite(SqliteAppFixture fixture) : PooledContextTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class PooledContextTestsOnPostgres(PostgresAppFixture fixture) : PooledContextTests(fixture);
