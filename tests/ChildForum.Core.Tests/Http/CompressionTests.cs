using System.IO.Compression;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChildForum.Testing;

namespace ChildForum.Core.Tests.Http;

/// <summary>Theme assets go out fingerprinted, kept for a year and precompressed; dynamic answers are compressed only
/// when they carry no secret (no cookie or credential in the request, no antiforgery token or cookie in the answer), so
/// that BREACH has nothing to guess. The page cache serves the same page compressed and plain, each to whoever asks.</summary>
public abstract partial class CompressionTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [GeneratedRegex("<link rel=\"stylesheet\" href=\"(/_content/ChildForum\\.Theme/[^\"]+)\"")]
    private static partial Regex ThemeStylesheet();

    /// <summary>The site runs in Development here, where ASP.NET Core answers every asset with <c>no-cache</c> so that an
    /// edited file shows at once; a published site sends the headers of its endpoint manifest, which is read instead.</summary>
    [SkippableFact]
    public async Task A_theme_stylesheet_is_kept_a_year_unchanged_and_served_compressed()
    {
        using var visitor = App.CreateAnonymousClient();
        var page = await visitor.GetStringAsync("/");
        var href = ThemeStylesheet().Match(page) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
        Assert.True(href is not null, "The home page links no theme stylesheet.");

        using var plain = await visitor.GetAsync(href);
        using var compressed = await SendAsync(visitor, href, "br, gzip");
        Assert.Equal(HttpStatusCode.OK, compressed.StatusCode);
        Assert.Contains(compressed.Content.Headers.ContentEncoding.Single(), new[] { "br", "gzip" });
        Assert.Contains("Accept-Encoding", compressed.Headers.Vary);
        Assert.Equal(await plain.Content.ReadAsStringAsync(), await DecodeAsync(compressed));

        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "ChildForum.Web.staticwebassets.endpoints.json")));
        var endpoints = manifest.RootElement.GetProperty("Endpoints").EnumerateArray().Where(e => "/" + e.GetProperty("Route").GetString() == href).ToList();
        Assert.True(endpoints.Count >= 2, $"{href}: the manifest holds no plain and compressed answers for it.");
        Assert.All(endpoints, e => Assert.Equal("max-age=31536000, immutable",
            e.GetProperty("ResponseHeaders").EnumerateArray().Single(h => h.GetProperty("Name").GetString() == "Cache-Control").GetProperty("Value").GetString()));
    }

    [SkippableFact]
    public async Task A_kept_page_goes_to_visitors_without_a_cookie_compressed_or_plain_as_each_asks()
    {
        var group = await App.CreateGroupAsync("public", (DemoUsers.Facilitator, "facilitator"));
        var url = $"/groups/{group.Slug}";
        using var visitor = App.CreateAnonymousClient();

        using var brotli = await SendAsync(visitor, url, "br");
        using var plain = await SendAsync(visitor, url, null);
        using var gzip = await SendAsync(visitor, url, "gzip");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], new[] { brotli.StatusCode, plain.StatusCode, gzip.StatusCode });
        Assert.NotNull(plain.Headers.Age); // from the page cache
        Assert.NotNull(gzip.Headers.Age);
        Assert.Equal(["br"], brotli.Content.Headers.ContentEncoding);
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal(["gzip"], gzip.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", brotli.Headers.Vary);
        Assert.Contains("Accept-Encoding", gzip.Headers.Vary);
        var html = await plain.Content.ReadAsStringAsync();
        Assert.Contains(group.Name, html, StringComparison.Ordinal);
        Assert.Equal(html, await DecodeAsync(brotli));
        Assert.Equal(html, await DecodeAsync(gzip));
    }

    [SkippableFact]
    public async Task Answers_that_carry_a_secret_are_never_compressed()
    {
        var group = await App.CreateGroupAsync("public", (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Cso, "member"));
        using var visitor = App.CreateAnonymousClient();
        using var browser = await App.SignInWithCookieAsync(DemoUsers.Cso);
        using var api = await App.ClientForAsync(DemoUsers.Cso);

        // A form with an antiforgery token (and its cookie) for a visitor without a cookie.
        using var signIn = await SendAsync(visitor, "/account/login", "br, gzip");
        Assert.Contains("__RequestVerificationToken", await signIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // A signed-in page, and an API answer to a bearer token.
        using var signedIn = await SendAsync(browser.Client, $"/groups/{group.Slug}", "br, gzip");
        using var apiAnswer = await SendAsync(api, $"/api/v1/groups/{group.Id}", "br, gzip");

        foreach (var answer in new[] { signIn, signedIn, apiAnswer })
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Empty(answer.Content.Headers.ContentEncoding);
        }
        Assert.Contains(group.Name, await signedIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string url, string? acceptEncoding)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }
        return client.SendAsync(request);
    }

    private static async Task<string> DecodeAsync(HttpResponseMessage response)
    {
        await using var body = await response.Content.ReadAsStreamAsync();
        await using Stream decoded = response.Content.Headers.ContentEncoding.Single() switch
        {
            "br" => new BrotliStream(body, CompressionMode.Decompress),
            _ => new GZipStream(body, CompressionMode.Decompress),
        };
        using var reader = new StreamReader(decoded);
        return await reader.ReadToEndAsync();
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class CompressionTestsOnSqlite(SqliteAppFixture fixture) : CompressionTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class CompressionTestsOnPostgres(PostgresAppFixture fixture) : CompressionTests(fixture);
