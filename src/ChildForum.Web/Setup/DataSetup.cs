using ChildForum.Core;
using ChildForum.Core.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Web.Setup;

public static class DataSetup
{
    public const string SqliteMigrations = "ChildForum.Migrations.Sqlite";
    public const string PostgresMigrations = "ChildForum.Migrations.Postgres";

    /// <summary>PostgreSQL when <c>ConnectionStrings:Postgres</c> is set, otherwise SQLite (WAL) under <c>ChildForum:DataPath</c>.</summary>
    public static IHostApplicationBuilder AddForumData(this IHostApplicationBuilder builder)
    {
        var configured = builder.Configuration.GetConnectionString("Postgres");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var postgres = PostgresConnection.WithDefaults(configured);
            builder.Services.AddDbContextPool<ForumDbContext>((services, options) =>
                options.UseNpgsql(postgres, npgsql => npgsql.MigrationsAssembly(PostgresMigrations)).AddInterceptors(services.GetRequiredService<CommittedWrites>()));
        }
        else
        {
            var dataPath = DataPath(builder);
            Directory.CreateDirectory(dataPath);
            var connectionString = $"Data Source={Path.Combine(dataPath, "childforum.db")};Foreign Keys=True;Default Timeout=30";
            builder.Services.AddDbContextPool<ForumDbContext>((services, options) =>
                options.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(SqliteMigrations))
                    .AddInterceptors(services.GetRequiredService<CommittedWrites>(), KeepConnectionOpen.Instance, SqliteConnectionSetup.Instance));
        }
        // Sign-in cookies, bearer tokens and invitation links are protected with these keys. They live in the database,
        // so that every web node of a site shares them and a new container does not sign everyone out or break the
        // links already handed out.
        builder.Services.AddDataProtection()
            .SetApplicationName("ChildForum")
            .PersistKeysToDbContext<ForumDbContext>();
        builder.Services.AddScoped<DatabaseInitializer>();
        builder.Services.AddHostedService<DatabaseStartup>();
        return builder;
    }

    public static string DataPath(IHostApplicationBuilder builder)
    {
        var configured = builder.Configuration[$"{ChildForumOptions.Section}:DataPath"];
        var path = string.IsNullOrWhiteSpace(configured) ? "App_Data" : configured;
        return Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, path));
    }

    /// <summary>Runs the host, or one of its commands: <c>migrate</c> applies migrations (and the configured
    /// recipe to an empty database) and exits; <c>add-admin</c> creates an administrator (see <see cref="AdminCommand"/>);
    /// <c>reindex</c> rebuilds the search index from the database.</summary>
    public static async Task<int> RunChildForumAsync(this WebApplication app, string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "migrate":
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(migrate: true, CancellationToken.None);
                }
                Console.WriteLine("The database is up to date.");
                return 0;
            case "add-admin":
                return await AdminCommand.RunAsync(app.Services, args, Console.Out);
            case "reindex":
                return await ChildForum.Search.Indexing.ReindexCommand.RunAsync(app.Services, Console.Out);
            default:
                await app.RunAsync();
                return 0;
        }
    }
}
