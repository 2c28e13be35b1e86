using System.Net;
using System.Text.Json;

namespace ChildForum.Pages.Benchmarks;

/// <summary>Checks made once before wrk runs, so that a table never shows the speed of an error page: every route
/// answers 200, the cookie really signs in, and whether an anonymous page comes from the page cache.</summary>
public static class Probe
{
    /// <summary>GETs the route twice (the first fills the page cache); true when the second answer carries the
    /// <c>Age</c> header that ASP.NET Core's output cache adds to the answers it serves from memory.</summary>
    public static async Task<bool> AnswersAsync(HttpClient client, Route route, string? cookie, CancellationToken cancellationToken)
    {
        var fromCache = false;
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, route.Path);
            if (cookie is not null)
            {
                request.Headers.Add("Cookie", cookie);
            }
            using var response = await client.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"GET {route.Path} answered {(int)response.StatusCode}{(cookie is null ? "" : " with the cookie")}: the numbers would be those of an error.");
            }
            fromCache = response.Headers.Age is not null;
        }
        return fromCache;
    }

    /// <summary>The cookie is a member's when the group list names the caller's role in the public group.</summary>
    public static async Task EnsureSignedInAsync(HttpClient client, string cookie, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/groups");
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request, cancellationToken);
        using var groups = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        var role = groups.RootElement.EnumerateArray()
            .Where(g => g.GetProperty("slug").GetString() == Routes.PublicGroup)
            .Select(g => g.GetProperty("myRole"))
            .FirstOrDefault();
        if (role.ValueKind != JsonValueKind.String)
        {
            throw new InvalidOperationException($"With the sign-in cookie, /api/v1/groups gives no role in {Routes.PublicGroup}: the account is not a member, or the cookie did not sign in.");
        }
    }
}
