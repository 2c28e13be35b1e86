using System.Net;
using System.Text;
using System.Text.Json;
using ChildForum.Testing;
using Xunit.Sdk;

namespace ChildForum.Search.Tests.Infrastructure;

/// <summary><c>GET /api/v1/search</c> for tests, and waiting for the indexer: content appears in search within 2 s of
/// being published (shared/API.md), so a test polls every 100 ms for up to 10 s. No test asserts how long it took.</summary>
public static class SearchApi
{
    public static readonly TimeSpan IndexingPatience = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The search URL: <c>Url("word", ("group", slug), ("pageSize", "5"))</c>. Null values are left out.</summary>
    public static string Url(string? q, params (string Name, string? Value)[] parameters)
    {
        var query = new StringBuilder("/api/v1/search?");
        var pairs = (q is null ? [] : new[] { ("q", (string?)q) }).Concat(parameters).Where(p => p.Item2 is not null);
        query.Append(string.Join('&', pairs.Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}")));
        return query.ToString();
    }

    /// <summary>Searches and expects 200 with the contract's JSON.</summary>
    public static async Task<SearchResultJson> SearchUrlAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        return await response.ReadJsonAsync<SearchResultJson>();
    }

    public static Task<SearchResultJson> SearchAsync(this HttpClient client, string? q, params (string Name, string? Value)[] parameters) =>
        client.SearchUrlAsync(Url(q, parameters));

    /// <summary>Searches every 100 ms until <paramref name="condition"/> holds; fails with the last answer after
    /// <paramref name="patience"/> (10 s unless told).</summary>
    public static async Task<SearchResultJson> SearchUntilAsync(this HttpClient client, string url, Func<SearchResultJson, bool> condition, string expectation, TimeSpan? patience = null)
    {
        SearchResultJson? last = null;
        await Eventually.HoldsAsync(async () => condition(last = await client.SearchUrlAsync(url)), $"{url} to show {expectation}",
            patience ?? IndexingPatience, PollInterval, () => $"the answer was:{Environment.NewLine}{Describe(last!)}");
        return last!;
    }

    /// <summary>Waits until the search finds <paramref name="count"/> items (default: at least one).</summary>
    public static Task<SearchResultJson> SearchUntilFoundAsync(this HttpClient client, string url, int? count = null, TimeSpan? patience = null) =>
        client.SearchUntilAsync(url, r => count is null ? r.Total > 0 : r.Total == count, count is null ? "a hit" : $"{count} hits", patience);

    /// <summary>Waits until nothing matches any more (after an edit, a deletion, a hidden message).</summary>
    public static Task<SearchResultJson> SearchUntilGoneAsync(this HttpClient client, string url, TimeSpan? patience = null) =>
        client.SearchUntilAsync(url, r => r.Total == 0 && r.Items.Count == 0, "no hits", patience);

    /// <summary>Polls a condition every 100 ms until it holds or <paramref name="patience"/> is over.</summary>
    public static Task EventuallyAsync(Func<Task<bool>> condition, string expectation, TimeSpan? patience = null, Func<string>? lastSeen = null) =>
        Eventually.HoldsAsync(condition, expectation, patience ?? IndexingPatience, PollInterval, lastSeen);

    public static string Describe(SearchResultJson result) => JsonSerializer.Serialize(result, new JsonSerializerOptions(JsonSerializerOptions.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>Everything in the answer a reader could see, as one string: to check that a word does not leak anywhere.</summary>
    public static string Visible(SearchResultJson result) => Describe(result);

    /// <summary>Fails unless the response is 2xx; for arranging a test.</summary>
    public static async Task<HttpResponseMessage> AssertSuccessAsync(this HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new XunitException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} answered {(int)response.StatusCode}.{Environment.NewLine}{await HttpAssertions.DescribeAsync(response)}");
        }
        return response;
    }

    /// <summary>Never a 5xx: the contract answers client errors with 4xx problem details.</summary>
    public static async Task AssertNotServerErrorAsync(this HttpResponseMessage response)
    {
        if ((int)response.StatusCode >= 500)
        {
            throw new XunitException($"{response.RequestMessage?.RequestUri?.PathAndQuery} answered {(int)response.StatusCode}.{Environment.NewLine}{await HttpAssertions.DescribeAsync(response)}");
        }
    }

    public static bool IsOkOrBadRequest(HttpStatusCode status) => status is HttpStatusCode.OK or HttpStatusCode.BadRequest;
}

/// <summary>Words no other content holds, so that a search for one finds exactly what the test made.</summary>
public static class Words
{
    /// <summary>12 lowercase letters (no digits: nothing that looks like a phone number to the safeguarding check).</summary>
    public static string New()
    {
        var bytes = Guid.NewGuid().ToByteArray();
        return "zq" + new string(bytes.Take(10).Select(b => (char)('a' + b % 26)).ToArray());
    }
}
