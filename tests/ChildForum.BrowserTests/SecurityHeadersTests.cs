using System.Net;
using System.Text.RegularExpressions;
using ChildForum.Testing;

namespace ChildForum.BrowserTests;

/// <summary>Every kind of answer of the site on a real Kestrel port (a page, a form page, the API, a problem, a static
/// file, an error page, the health check, the hub) carries the security headers and does not name the web server;
/// Chinese pages are UTF-8 characters, not numeric entities, and what a visitor typed is still escaped.</summary>
[Collection(BrowserCollection.Collection)]
public sealed partial class SecurityHeadersTests(BrowserFixture browser)
{
    public static TheoryData<string, string, int> Answers => new()
    {
        { "GET", "/", 200 },
        { "GET", "/account/login", 200 },
        { "GET", $"/groups/{DemoGroups.LeftBehindChildren}", 200 },
        { "GET", "/api/v1/groups", 200 },
        { "GET", "/api/v1/groups/no-such-group-here", 404 },
        { "GET", "/_content/ChildForum.Theme/css/site.css", 200 },
        { "GET", "/_content/ChildForum.Theme/js/site.js", 200 },
        { "GET", "/no-such-page-here", 404 },
        { "GET", "/error/500", 500 },
        { "GET", "/health", 200 },
        { "GET", "/openapi/v1.json", 200 },
        { "POST", "/hubs/discussion/negotiate?negotiateVersion=1", 401 },
    };

    [SkippableTheory]
    [MemberData(nameof(Answers))]
    public async Task Every_kind_of_answer_carries_the_security_headers_and_no_server_name(string method, string path, int status)
    {
        using var client = PlainClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.False(response.Headers.Contains("Server"), $"{path} names the server: {string.Join(", ", response.Headers.TryGetValues("Server", out var s) ? s : [])}");
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        var csp = Directives(Header(response, "Content-Security-Policy"));
        Assert.Equal("'self'", csp["default-src"]);
        Assert.Equal("'self'", csp["script-src"]);
        Assert.Equal("'self'", csp["style-src"]);
        Assert.Equal("'self'", csp["connect-src"]);
        Assert.Equal("'none'", csp["object-src"]);
        Assert.Equal("'none'", csp["frame-ancestors"]);
        Assert.Equal("'self'", csp["base-uri"]);
        Assert.Equal("'self'", csp["form-action"]);
        Assert.DoesNotContain(csp.Values, value => value.Contains("unsafe", StringComparison.OrdinalIgnoreCase));
    }

    [SkippableFact]
    public async Task A_page_with_a_form_is_not_framed_even_by_the_site_itself()
    {
        // Antiforgery writes X-Frame-Options: SAMEORIGIN on pages with a form; the policy is DENY, one value.
        using var client = PlainClient();

        using var response = await client.GetAsync("/account/login");

        Assert.Equal(["DENY"], response.Headers.GetValues("X-Frame-Options"));
    }

    [SkippableFact]
    public async Task Chinese_page_is_sent_as_utf8_characters_and_what_the_visitor_typed_is_still_escaped()
    {
        using var client = PlainClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        const string query = "留守儿童 <script>alert('x')</script> \"引号\" & 'apostrophe'";

        using var response = await client.GetAsync("/search?q=" + Uri.EscapeDataString(query));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("搜索", html, StringComparison.Ordinal);
        Assert.Contains("留守儿童", html, StringComparison.Ordinal);
        Assert.Empty(NumericEntityOutsideAscii().Matches(html).Select(m => m.Value).Distinct());
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &quot;引号&quot; &amp; &#x27;apostrophe&#x27;", html, StringComparison.Ordinal);
    }

    /// <summary>A client of the Kestrel port itself (not the in-memory test server), as any browser or script reaches it.</summary>
    private HttpClient PlainClient()
    {
        _ = browser.App; // skips without Chromium, when the fixture did not start the site
        return new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(browser.BaseUrl) };
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{response.RequestMessage?.RequestUri} has no {name} header.");

    private static Dictionary<string, string> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(directive => directive.Split(' ', 2))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : "");

    /// <summary>An entity for a character outside ASCII, such as <c>&amp;#x513F;</c>: what the default encoder wrote for Chinese.</summary>
    [GeneratedRegex("&#x0*(?:[89A-F][0-9A-F]|[0-9A-F]{3,});", RegexOptions.IgnoreCase)]
    private static partial Regex NumericEntityOutsideAscii();
}
