using System.Net;
using System.Net.Http.Json;
using Xunit.Sdk;

namespace ChildForum.Testing;

/// <summary>A client that behaves like a browser: it keeps cookies, does not follow redirects by itself, and
/// sends the page's antiforgery token with script calls when asked to.</summary>
public sealed class BrowserSession(HttpClient client) : IDisposable
{
    public const string AuthCookie = "ChildForum.Auth";
    public const string AntiforgeryHeader = "RequestVerificationToken";

    public HttpClient Client { get; } = client;

    /// <summary>The token of the last page read with <see cref="GetPageAsync"/>, as a script would take it from the meta tag.</summary>
    public string? RequestVerificationToken { get; private set; }

    /// <summary>GETs a page (expecting 200) and remembers its antiforgery token.</summary>
    public async Task<HtmlPage> GetPageAsync(string url)
    {
        using var response = await Client.GetAsync(url);
        await response.AssertStatusAsync(HttpStatusCode.OK);
        var page = await HtmlPage.ReadAsync(response);
        RequestVerificationToken = page.RequestVerificationToken ?? RequestVerificationToken;
        return page;
    }

    /// <summary>Submits a form the way a browser does (URL-encoded, cookies included). Redirects are returned, not followed.</summary>
    public Task<HttpResponseMessage> PostFormAsync(string url, IEnumerable<KeyValuePair<string, string>> fields) =>
        Client.PostAsync(url, new FormUrlEncodedContent(fields));

    /// <summary>A script call to the API with the page's token in the <c>RequestVerificationToken</c> header.</summary>
    public Task<HttpResponseMessage> SendJsonAsync(HttpMethod method, string url, object? body, bool withAntiforgeryToken = true)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        if (withAntiforgeryToken)
        {
            request.Headers.Add(AntiforgeryHeader, RequestVerificationToken
                ?? throw new XunitException("No antiforgery token yet: read a page with GetPageAsync first."));
        }
        return Client.SendAsync(request);
    }

    /// <summary>Signs in through the sign-in form (GET the form, POST it with its hidden fields), then reads a
    /// page again so that <see cref="RequestVerificationToken"/> belongs to the signed-in user.</summary>
    public async Task SignInAsync(string email, string password)
    {
        Dictionary<string, string> fields;
        using (var form = await GetPageAsync("/account/login"))
        {
            fields = form.MainFormFields();
        }
        fields["Email"] = email;
        fields["Password"] = password;
        using var response = await PostFormAsync("/account/login", fields);
        if (response.StatusCode != HttpStatusCode.Redirect || !HasCookie(response, AuthCookie))
        {
            throw new XunitException($"Signing in {email} through /account/login did not redirect with a {AuthCookie} cookie: {(int)response.StatusCode}.{Environment.NewLine}{await response.Content.ReadAsStringAsync()}");
        }
        using var _ = await GetPageAsync("/account/login");
    }

    public static bool HasCookie(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(name + "=", StringComparison.Ordinal));

    public void Dispose() => Client.Dispose();
}
