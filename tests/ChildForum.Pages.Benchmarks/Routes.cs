using System.Net;
using System.Text.Json;

namespace ChildForum.Pages.Benchmarks;

/// <summary>One address to measure and what it stands for in the table.</summary>
public sealed record Route(string Name, string Path, bool IsPage);

/// <summary>The routes, found in the demo data through the API as an anonymous visitor would find them, so that
/// nothing here knows an id the recipe happens to give.</summary>
public static class Routes
{
    public const string PublicGroup = "left-behind-children";
    public const string StaticFile = "/_content/ChildForum.Theme/css/site.css";

    public static async Task<IReadOnlyList<Route>> FindAsync(HttpClient anonymous, CancellationToken cancellationToken)
    {
        var groups = await GetJsonAsync(anonymous, "/api/v1/groups", cancellationToken);
        var group = groups.RootElement.EnumerateArray()
            .FirstOrDefault(g => g.GetProperty("slug").GetString() == PublicGroup);
        if (group.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidOperationException($"The demo group {PublicGroup} is not in /api/v1/groups for an anonymous visitor.");
        }
        var groupId = group.GetProperty("id").ToString();
        var thread = await FirstIdAsync(anonymous, $"/api/v1/groups/{groupId}/threads", cancellationToken);
        var draft = await FirstIdAsync(anonymous, $"/api/v1/groups/{groupId}/drafts", cancellationToken);
        var meeting = await FirstIdAsync(anonymous, $"/api/v1/groups/{groupId}/meetings", cancellationToken);
        return
        [
            new("a static CSS file (theme site.css)", StaticFile, false),
            new("`/api/v1/groups`", "/api/v1/groups", false),
            new($"group page `/groups/{PublicGroup}`", $"/groups/{PublicGroup}", true),
            new($"draft page `/groups/…/drafts/{draft}`", $"/groups/{PublicGroup}/drafts/{draft}", true),
            new($"meeting page `/groups/…/meetings/{meeting}`", $"/groups/{PublicGroup}/meetings/{meeting}", true),
            new($"thread page `/groups/…/threads/{thread}`", $"/groups/{PublicGroup}/threads/{thread}", true),
        ];
    }

    /// <summary>The lowest id of a list (the first item the recipe made), so that every run measures the same page.</summary>
    private static async Task<long> FirstIdAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        using var list = await GetJsonAsync(client, path, cancellationToken);
        var ids = list.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToList();
        return ids.Count > 0 ? ids.Min() : throw new InvalidOperationException($"{path} is empty for an anonymous visitor.");
    }

    private static async Task<JsonDocument> GetJsonAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(path, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}.");
        }
        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
    }
}
