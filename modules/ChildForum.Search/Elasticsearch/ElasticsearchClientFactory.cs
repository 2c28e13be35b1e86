using System.Globalization;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;

namespace ChildForum.Search.Elasticsearch;

/// <summary>The one <see cref="ElasticsearchClient"/> of the site (it is thread-safe and keeps its connections and its
/// view of which nodes answer), configured from <c>Search:Elasticsearch</c>. A setting it cannot use stops the start
/// with a sentence naming it, rather than failing on the first search.</summary>
public static class ElasticsearchClientFactory
{
    /// <param name="invoker">How requests reach the cluster; null for HTTP (tests pass one over their own handler).</param>
    public static ElasticsearchClient Create(ElasticsearchOptions options, IRequestInvoker? invoker = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var nodes = Nodes(options);
        NodePool pool = nodes.Count == 1 ? new SingleNodePool(nodes[0]) : new StaticNodePool(nodes);
        var settings = invoker is null ? new ElasticsearchClientSettings(pool) : new ElasticsearchClientSettings(pool, invoker);
        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            throw Misconfigured("Search:Elasticsearch:RequestTimeout must be longer than zero (e.g. 00:00:10).");
        }
        settings.RequestTimeout(options.RequestTimeout);

        var apiKey = Trimmed(options.ApiKey);
        var username = Trimmed(options.Username);
        if (apiKey is not null && username is not null)
        {
            throw Misconfigured("Search:Elasticsearch: set either ApiKey or Username and Password, not both.");
        }
        if (apiKey is not null)
        {
            settings.Authentication(new ApiKey(apiKey));
        }
        else if (username is not null)
        {
            if (string.IsNullOrEmpty(options.Password))
            {
                throw Misconfigured("Search:Elasticsearch:Password is needed with Search:Elasticsearch:Username.");
            }
            settings.Authentication(new BasicAuthentication(username, options.Password));
        }
        else if (!string.IsNullOrEmpty(options.Password))
        {
            throw Misconfigured("Search:Elasticsearch:Username is needed with Search:Elasticsearch:Password.");
        }

        if (Trimmed(options.CertificateFingerprint) is { } fingerprint)
        {
            var hex = fingerprint.Replace(":", "", StringComparison.Ordinal);
            if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
            {
                throw Misconfigured("Search:Elasticsearch:CertificateFingerprint must be the SHA-256 fingerprint of the cluster's CA certificate: 64 hexadecimal digits, colons allowed.");
            }
            settings.CertificateFingerprint(hex.ToUpperInvariant());
        }
        return new ElasticsearchClient(settings);
    }

    /// <summary>The node addresses of <c>Urls</c> (comma-separated) or else <c>Url</c>.</summary>
    public static IReadOnlyList<Uri> Nodes(ElasticsearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (setting, text) = Trimmed(options.Urls) is { } urls ? ("Search:Elasticsearch:Urls", urls) : ("Search:Elasticsearch:Url", Trimmed(options.Url));
        if (text is null)
        {
            throw Misconfigured("Search:Elasticsearch:Url (or Urls, comma-separated) must be the cluster's http(s) address (e.g. http://localhost:9200) when Search:Backend is elasticsearch.");
        }
        var nodes = new List<Uri>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Uri.TryCreate(part, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw Misconfigured(string.Format(CultureInfo.InvariantCulture,
                    "{0}: \"{1}\" is not an http(s) address such as http://localhost:9200.", setting, part));
            }
            nodes.Add(uri);
        }
        if (nodes.Count == 0)
        {
            throw Misconfigured($"{setting} names no node.");
        }
        return nodes;
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static InvalidOperationException Misconfigured(string message) => new(message);
}
