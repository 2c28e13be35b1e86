using System.Globalization;
using ChildForum.Core.Search;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Microsoft.Extensions.Logging;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace ChildForum.Search.Lucene;

/// <summary>The embedded backend: one Lucene.NET index in a folder, written by this process only, read through a
/// near-real-time <see cref="SearcherManager"/>. Every change is committed before <see cref="ReplaceAsync"/> returns.</summary>
public sealed partial class LuceneBackend : ISearchBackend, IDisposable
{
    /// <summary>Deepest page a query may ask for (page × size).</summary>
    public const int MaxWindow = 10_000;

    /// <summary>The layout of the index (its fields and analysis), kept in each commit's user data. Raise it with any change
    /// that makes documents indexed before it answer differently: the indexer then rebuilds at start. 2: Traditional Chinese
    /// folded to Simplified (an index without a layout is older).</summary>
    public const string Layout = "2";

    private const string LayoutKey = "childforum.layout";

    /// <summary>Batches of at least this many documents are analysed on several threads.</summary>
    private const int ParallelFrom = 32;

    private static readonly Dictionary<string, string> LayoutData = new(StringComparer.Ordinal) { [LayoutKey] = Layout };

    private readonly LuceneDirectory _directory;
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly VisibilityFilters _visibility = new();

    private readonly int _slices;
    private readonly int _slicedFromDocuments;

    /// <param name="slices">How many threads one query uses on a large index (default: one per core).</param>
    /// <param name="slicedFromDocuments">The size from which an index is searched on several threads.</param>
    public LuceneBackend(string path, ILogger<LuceneBackend> logger, int slices = 0, int slicedFromDocuments = SegmentSlices.ParallelFromDocuments)
    {
        _slices = slices > 0 ? slices : Environment.ProcessorCount;
        _slicedFromDocuments = slicedFromDocuments;
        System.IO.Directory.CreateDirectory(path);
        _directory = FSDirectory.Open(new DirectoryInfo(path));
        var isNew = !DirectoryReader.IndexExists(_directory);
        try
        {
            _writer = new IndexWriter(_directory, new IndexWriterConfig(LuceneFields.Version, LuceneFields.PerField()) { OpenMode = OpenMode.CREATE_OR_APPEND });
            if (isNew)
            {
                // A new index is of today's layout; one opened from an earlier version's folder keeps what it says.
                _writer.SetCommitData(LayoutData);
                _writer.Commit();
            }
        }
        catch (LockObtainFailedException e)
        {
            logger.LogCritical(e, "The search index in {Path} is in use by another process. Each web node needs its own index folder (Search:IndexPath); several nodes of one site need Search:Backend=elasticsearch.", path);
            throw;
        }
        _searchers = new SearcherManager(_writer, applyAllDeletes: true, searcherFactory: null);
    }

    public async Task ReplaceAsync(IReadOnlyCollection<string> parents, IReadOnlyList<SearchDocument> documents, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            foreach (var parent in parents)
            {
                _writer.DeleteDocuments(new Term(LuceneFields.Parent, parent));
            }
            if (documents.Count < ParallelFrom)
            {
                foreach (var document in documents)
                {
                    _writer.AddDocument(DocumentFields.Of(document));
                }
            }
            else
            {
                // IndexWriter takes documents from several threads at once (each analyses into its own segment), and
                // analysis is most of the cost: a batch uses every core, a single saved item stays on this thread.
                Parallel.ForEach(documents, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, document => _writer.AddDocument(DocumentFields.Of(document)));
            }
            _writer.Commit();
            _searchers.MaybeRefreshBlocking();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task BeginRebuildAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            _writer.DeleteAll();
            _writer.SetCommitData(LayoutData);
            _writer.Commit();
            _searchers.MaybeRefreshBlocking();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public Task CompleteRebuildAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The index opened (the constructor throws otherwise).</summary>
    public async Task<SearchHealth> CheckHealthAsync(CancellationToken cancellationToken) =>
        new(true, $"Lucene index: {await CountAsync(cancellationToken)} documents.");

    public async Task<bool> NeedsRebuildAsync(CancellationToken cancellationToken) =>
        await CountAsync(cancellationToken) == 0 || !_writer.CommitData.TryGetValue(LayoutKey, out var layout) || layout != Layout;

    public Task<long> CountAsync(CancellationToken cancellationToken)
    {
        var searcher = _searchers.Acquire();
        try
        {
            return Task.FromResult((long)searcher.IndexReader.NumDocs);
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    public Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken)
    {
        var empty = new SearchResult(0, [], new SearchFacets(new Dictionary<string, long>(), new Dictionary<int, long>(), new Dictionary<string, long>(), new Dictionary<string, long>()));
        if (request.Query.IsEmpty || (request.ReaderGroups.Count == 0 && request.FacilitatorGroups.Count == 0))
        {
            return Task.FromResult(empty);
        }
        var text = LuceneQueries.Build(request.Query);
        if (text is null)
        {
            return Task.FromResult(empty);
        }
        var query = LuceneQueries.Filtered(text, request, _visibility);
        var searcher = _searchers.Acquire();
        try
        {
            // One pass over the matches: the facets and the page's top documents together, on every core for a large
            // index (each slice, an equal share of the documents, with its own collectors, merged below).
            var size = Math.Clamp(request.PageSize, 1, 100);
            var window = Math.Min(Math.Max(1, request.Page) * size, MaxWindow);
            var sort = request.Sort == SearchSorts.Date ? new Sort(new SortField(LuceneFields.DateValues, SortFieldType.INT64, reverse: true)) : null;
            var weight = searcher.CreateNormalizedWeight(query);
            var slices = SegmentSlices.Of(searcher.IndexReader.Leaves, _slices, _slicedFromDocuments);
            var facets = new FacetCollector[slices.Count];
            var tops = new TopDocs[slices.Count];
            Parallel.For(0, slices.Count, i =>
            {
                facets[i] = new FacetCollector();
                ITopDocsCollector top = sort is null
                    ? TopScoreDocCollector.Create(window, docsScoredInOrder: false)
                    : TopFieldCollector.Create(sort, window, fillFields: true, trackDocScores: false, trackMaxScore: false, docsScoredInOrder: false);
                SegmentSlices.Collect(weight, slices[i], MultiCollector.Wrap(facets[i], (ICollector)top));
                tops[i] = top.GetTopDocs();
            });
            var merged = slices.Count == 1 ? tops[0] : sort is null ? TopDocs.Merge(null, window, tops) : TopDocs.Merge(sort, window, tops.Cast<TopFieldDocs>().ToArray());
            var (total, facetCounts) = FacetCollector.Merge(facets);
            var snippets = new SnippetBuilder(request.Query);
            var hits = merged.ScoreDocs.Skip((Math.Max(1, request.Page) - 1) * size).Take(size).Select(scoreDoc => Hit(searcher, scoreDoc.Doc, snippets)).ToList();
            return Task.FromResult(new SearchResult(total, hits, facetCounts));
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    /// <summary>A stored document as a hit with its snippet: the one place search and export make hits, so that both show
    /// the same passage.</summary>
    private static SearchHit Hit(IndexSearcher searcher, int docId, SnippetBuilder snippets)
    {
        var doc = searcher.Doc(docId);
        var language = doc.Get(LuceneFields.Language) ?? "en";
        return new SearchHit(
            doc.Get(LuceneFields.Key), doc.Get(LuceneFields.Type), doc.Get(LuceneFields.Id),
            int.Parse(doc.Get(LuceneFields.Group), CultureInfo.InvariantCulture), doc.Get(LuceneFields.Title), doc.Get(LuceneFields.Url),
            snippets.Build(doc.Get(LuceneFields.Body) ?? "", language),
            new DateTimeOffset(long.Parse(doc.Get(LuceneFields.Date), CultureInfo.InvariantCulture), TimeSpan.Zero), language)
        {
            Stakeholders = doc.GetValues(LuceneFields.Stakeholder),
        };
    }

    public void Dispose()
    {
        _searchers.Dispose();
        _writer.Dispose();
        _directory.Dispose();
        _writeLock.Dispose();
    }
}
