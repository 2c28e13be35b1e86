using ChildForum.Core;
using ChildForum.Core.Data;
using ChildForum.Core.Recipes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChildForum.Web.Setup;

/// <summary>Brings the database up to date and applies the configured recipe once to an empty database.</summary>
public sealed class DatabaseInitializer(ForumDbContext db, RecipeRunner recipes, IOptions<ChildForumOptions> options, IHostEnvironment environment, ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(bool migrate, CancellationToken cancellationToken)
    {
        if (migrate)
        {
            logger.LogInformation("Applying database migrations ({Provider})", db.Database.ProviderName);
            await db.Database.MigrateAsync(cancellationToken);
        }
        else if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            throw new InvalidOperationException(
                "The database is not up to date. Run 'dotnet ChildForum.Web.dll migrate' (see the README), or set ChildForum:MigrateOnStart=true.");
        }

        if (db.Database.IsSqlite())
        {
            // WAL lets readers and one writer work at the same time; the setting is stored in the database file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        var recipe = options.Value.Recipe is { Length: > 0 } configured ? configured : environment.IsDevelopment() ? "demo" : "empty";
        if (await recipes.ApplyToEmptyDatabaseAsync(recipe, cancellationToken))
        {
            logger.LogInformation("Applied recipe {Recipe} to the new database", recipe);
        }
    }
}

/// <summary>At start: migrate in Development (or when configured), refuse to run on an out-of-date database otherwise.</summary>
public sealed class DatabaseStartup(IServiceProvider services, IOptions<ChildForumOptions> options, IHostEnvironment environment) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var migrate = environment.IsDevelopment() || options.Value.MigrateOnStart;
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(migrate, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
