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

    /// <summary>Outbox rows per batch: one durable commit each. A rebuild indexes about 40% faster in batches of 2,000 than
    /// of 500 (the commit's disk flush is a large part of a small batch; docs/benchmarks.md); a single saved item is
    /// still indexed on its own at once.</summary>
    public int BatchSize { get; set; } = 2000;

    /// <summary>Rows at most in one export (<c>GET /api/v1/search/export</c>), 1 to
    /// <see cref="Export.SearchExportOptions.MaxExportLimit"/>; checked at start.</summary>
    public int ExportLimit { get; set; } = 10_000;
}

/// <summary>Configuration section <c>Search:Elasticsearch</c>: where the cluster is and how to sign in to it. Read once
/// at start-up by <see cref="Elasticsearch.ElasticsearchClientFactory"/>, which refuses a setting it cannot use.</summary>
public sealed class ElasticsearchOptions
{
    /// <summary><c>Search:Elasticsearch:Url</c>, e.g. http://localhost:9200.</summary>
    public string? Url { get; set; }

    /// <summary><c>Search:Elasticsearch:Urls</c>: several nodes of one cluster, comma-separated, instead of
    /// <see cref="Url"/>; requests go round them and move on from a node that does not answer.</summary>
    public string? Urls { get; set; }

    /// <summary>Prefix of the indices and aliases (<c>{prefix}-read</c>, <c>{prefix}-write</c>).</summary>
    public string IndexPrefix { get; set; } = "childforum";

    /// <summary>An API key as Elasticsearch hands it out (the encoded form; sent as <c>Authorization: ApiKey …</c>).</summary>
    public string? ApiKey { get; set; }

    /// <summary>User name for basic authentication, with <see cref="Password"/> (instead of an API key).</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>SHA-256 fingerprint of the cluster's CA certificate (hex, with or without colons), for a cluster whose
    /// certificate the machine does not trust (Elasticsearch's own self-signed security setup).</summary>
    public string? CertificateFingerprint { get; set; }

    /// <summary>How long one request may take before the node counts as not answering.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
