using System.Runtime.CompilerServices;
using ChildForum.Core.Search;
using Lucene.Net.Search;

namespace ChildForum.Search.Lucene;

public sealed partial class LuceneBackend
{
    /// <summary>Hits read per step of an export: a page of top documents costs a priority queue of its size, so an export
    /// walks the matches in steps of this many (<see cref="IndexSearcher.SearchAfter(ScoreDoc, Query, int)"/>) instead of
    /// collecting them all at once, and has no <see cref="MaxWindow"/>.</summary>
    public const int ExportBatchSize = 1_000;

    /// <summary>Every visible match in the request's order (best first, or newest first; ties in index order), from one
    /// point-in-time view of the index: a document indexed while the export runs is not half in it, and the searcher
    /// is held until the caller stops reading.</summary>
    public async IAsyncEnumerable<SearchHit> ExportAsync(SearchRequest request, int limit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (limit <= 0 || request.Query.IsEmpty || (request.ReaderGroups.Count == 0 && request.FacilitatorGroups.Count == 0)
            || LuceneQueries.Build(request.Query) is not { } text)
        {
            yield break;
        }
        var query = LuceneQueries.Filtered(text, request, _visibility);
        var sort = request.Sort == SearchSorts.Date ? new Sort(new SortField(LuceneFields.DateValues, SortFieldType.INT64, reverse: true)) : null;
        var snippets = new SnippetBuilder(request.Query);
        var searcher = _searchers.Acquire();
        try
        {
            var sent = 0;
            ScoreDoc? after = null;
            while (sent < limit)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var size = Math.Min(ExportBatchSize, limit - sent);
                var batch = sort is null
                    ? searcher.SearchAfter(after, query, size)
                    : searcher.SearchAfter(after, query, filter: null, size, sort, doDocScores: false, doMaxScore: false);
                foreach (var scoreDoc in batch.ScoreDocs)
                {
                    yield return Hit(searcher, scoreDoc.Doc, snippets);
                }
                sent += batch.ScoreDocs.Length;
                if (batch.ScoreDocs.Length < size)
                {
                    yield break;
                }
                after = batch.ScoreDocs[^1];
                // Between steps the thread goes back to the pool: a long export does not hold it from other requests.
                await Task.Yield();
            }
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }
}
