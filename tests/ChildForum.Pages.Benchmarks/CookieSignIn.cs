using System.Net;
using System.Text.RegularExpressions;

namespace ChildForum.Pages.Benchmarks;

/// <summary>Signs in through the sign-in form as a browser does (GET the form for its antiforgery token and cookie, POST
/// it) and returns the cookies a browser would then send, as one <c>Cookie</c> header value for wrk.</summary>
public static partial class CookieSignIn
{
    public const string AuthCookie = "ChildForum.Auth";

    public static async Task<string> SignInAsync(string baseUrl, string email, string password, CancellationToken cancellationToken)
    {
        // Cookies are kept by hand: the site may mark them Secure, and a CookieContainer would not send those over http.
        using var handler = new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(baseUrl) };
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);

        using var form = await client.GetAsync("/account/login", cancellationToken);
        Keep(form, cookies);
        var html = await form.Content.ReadAsStringAsync(cancellationToken);
        var token = TokenInput().Match(html);
        if (form.StatusCode != HttpStatusCode.OK || !token.Success)
        {
            throw new InvalidOperationException($"GET /account/login answered {(int)form.StatusCode} without an antiforgery token.");
        }

        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups["value"].Value),
                ["Email"] = email,
                ["Password"] = password,
            }),
        };
        post.Headers.Add("Cookie", Header(cookies));
        using var answer = await client.SendAsync(post, cancellationToken);
        Keep(answer, cookies);
        if (answer.StatusCode != HttpStatusCode.Redirect || !cookies.Keys.Any(k => k.StartsWith(AuthCookie, StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"Signing in {email} through /account/login answered {(int)answer.StatusCode} without a {AuthCookie} cookie.");
        }
        return Header(cookies);
    }

    private static void Keep(HttpResponseMessage response, Dictionary<string, string> cookies)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            return;
        }
        foreach (var value in values)
        {
            var pair = value.Split(';', 2)[0].Split('=', 2);
            if (pair.Length == 2)
            {
                cookies[pair[0].Trim()] = pair[1].Trim();
            }
        }
    }

    private static string Header(Dictionary<string, string> cookies) => string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}"));

    /// <summary>The hidden field as ASP.NET Core writes it: name before value.</summary>
    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"(?<value>[^\"]*)\"")]
    private static partial Regex TokenInput();
}
