using ChildForum.Core.Search;
using ChildForum.Search.Lucene;
using ChildForum.Search.Syntax;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChildForum.Search.Tests.Lucene;

/// <summary>An index folder written before the analysis changed (no layout in its commit) is rebuilt, not trusted: its
/// Traditional Chinese terms would never match a Simplified query.</summary>
public sealed class IndexLayoutTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly string _path = Path.Combine(Path.GetTempPath(), "childforum-layout-" + Guid.NewGuid().ToString("N"));

    private static SearchDocument Document(string body) =>
        new("message:1:m", "message:1", SearchTypes.Message, "1", 1, "Title", body, "/m/1", DateTimeOffset.UtcNow, "zh-Hant", ["cso"]);

    [Fact]
    public async Task A_new_index_is_of_todays_layout_and_needs_building_only_while_empty()
    {
        using var backend = new LuceneBackend(_path, NullLogger<LuceneBackend>.Instance);
        Assert.True(await backend.NeedsRebuildAsync(Ct));

        await backend.ReplaceAsync(["message:1"], [Document("留守兒童")], Ct);

        Assert.False(await backend.NeedsRebuildAsync(Ct));
    }

    [Fact]
    public async Task A_folder_written_by_an_earlier_layout_needs_a_rebuild_until_one_began()
    {
        // What an earlier version left: a document, and no layout in the commit.
        using (var directory = FSDirectory.Open(new DirectoryInfo(_path)))
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneFields.Version, LuceneFields.PerField())))
        {
            writer.AddDocument(new Document { new StringField(LuceneFields.Key, "message:1:m", Field.Store.YES) });
            writer.Commit();
        }

        using (var backend = new LuceneBackend(_path, NullLogger<LuceneBackend>.Instance))
        {
            Assert.Equal(1, await backend.CountAsync(Ct));
            Assert.True(await backend.NeedsRebuildAsync(Ct));

            await backend.BeginRebuildAsync(Ct);
            await backend.ReplaceAsync(["message:1"], [Document("留守兒童")], Ct);
            await backend.CompleteRebuildAsync(Ct);
            Assert.False(await backend.NeedsRebuildAsync(Ct));
        }

        // The layout is in the folder's commit: the next start trusts it, and the rebuilt text is found across scripts.
        using var reopened = new LuceneBackend(_path, NullLogger<LuceneBackend>.Instance);
        Assert.False(await reopened.NeedsRebuildAsync(Ct));
        var result = await reopened.SearchAsync(new SearchRequest(SearchQueryParser.Parse("留守儿童"), new HashSet<int> { 1 }, new HashSet<int>()), Ct);
        Assert.Equal(1, result.Total);
    }

    public void Dispose()
    {
        if (System.IO.Directory.Exists(_path))
        {
            System.IO.Directory.Delete(_path, recursive: true);
        }
    }
}
