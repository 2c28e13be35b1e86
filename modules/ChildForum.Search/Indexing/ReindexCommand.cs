using ChildForum.Core.Data;
using ChildForum.Core.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Search.Indexing;

/// <summary><c>dotnet ChildForum.Web.dll reindex</c>: rebuilds the search index from the database, printing progress,
/// without starting the web server (stop the site first when it uses the embedded index: one writer per folder).</summary>
public static class ReindexCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken = default)
    {
        var backend = services.GetRequiredService<ISearchBackend>();
        var progress = services.GetRequiredService<RebuildProgress>();
        var indexer = services.GetRequiredService<SearchIndexer>();
        await using (var scope = services.CreateAsyncScope())
        {
            var total = await progress.StartAsync(scope.ServiceProvider, backend, cancellationToken);
            await output.WriteLineAsync($"Indexing {total} items…");
        }
        var done = 0L;
        int handled;
        while ((handled = await indexer.DrainOnceAsync(cancellationToken)) > 0)
        {
            done += handled;
            await output.WriteLineAsync($"  {Math.Min(done, progress.Total)} of {progress.Total}");
        }
        await using (var scope = services.CreateAsyncScope())
        {
            var failed = await scope.ServiceProvider.GetRequiredService<ForumDbContext>().Set<SearchOutboxEntry>().CountAsync(cancellationToken);
            if (failed > 0)
            {
                await output.WriteLineAsync($"{failed} items could not be indexed now; the site retries them when it runs (see its log).");
                return 1;
            }
        }
        await backend.CompleteRebuildAsync(cancellationToken);
        await output.WriteLineAsync($"The search index holds {await backend.CountAsync(cancellationToken)} documents.");
        return 0;
    }
}
