namespace ChildForum.Search;

/// <summary>Configuration section <c>Search</c>.</summary>
public sealed class SearchOptions
{
    public const string Section = "Search";

    /// <summary><c>lucene</c> (embedded, the default) or <c>elasticsearch</c>.</summary>
    public string Backend { get; set; } = "lucene";

    public ElasticsearchOptions Elasticsearch { get; set; } = new();

    /// <summary>Folder of the embedded Lucene index; default <c>{ChildForum:DataPath}/search-index</c>. One web
    /// node per folder: Lucene allows one writer (several nodes need Elasticsearch).</summary>
    public string? IndexPath { get; set; }

    /// <summary>How often the indexer looks at the outbox when nothing woke it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Outbox rows per batch.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Rows at most in one export (<c>GET /api/v1/search/export</c>), 1 to
    /// <see cref="Export.SearchExportOptions.MaxExportLimit"/>; checked at start.</summary>
    public int ExportLimit { get; set; } = 10_000;
}

public sealed class ElasticsearchOptions
{
    /// <summary><c>Search:Elasticsearch:Url</c>, e.g. http://localhost:9200.</summary>
    public string? Url { get; set; }

    /// <summary>Prefix of the indices and aliases (<c>{prefix}-read</c>, <c>{prefix}-write</c>).</summary>
    public string IndexPrefix { get; set; } = "childforum";

    /// <summary>Optional API key (sent as <c>Authorization: ApiKey …</c>).</summary>
    public string? ApiKey { get; set; }
}
