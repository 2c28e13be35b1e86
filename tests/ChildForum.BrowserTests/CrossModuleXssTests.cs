using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using ChildForum.Testing;

namespace ChildForum.BrowserTests;

/// <summary>The surfaces that show text of several modules at once, or of the people themselves: group names and
/// descriptions, display names (in member lists, messages, notifications and the administrators' pages), notifications
/// and search snippets. Fed from the shared XSS corpus, every page carries no live markup, and a snippet holds nothing
/// but escaped text and <c>&lt;mark&gt;</c>.</summary>
[Collection(BrowserCollection.Collection)]
public sealed class CrossModuleXssTests(BrowserFixture browser)
{
    private const string Probe = "xssprobe";

    [SkippableFact]
    public async Task Hostile_group_texts_display_names_notifications_and_search_snippets_render_inert()
    {
        var app = browser.App;
        using var admin = await app.ClientForAsync(DemoUsers.Admin);
        var slug = Unique.Slug();
        using var created = await admin.PostAsJsonAsync("/api/v1/groups", new
        {
            slug,
            name = XssCorpus.OneLine[1],
            description = string.Join("\n\n", XssCorpus.OneLine),
            visibility = "members",
        });
        var group = await created.ReadJsonAsync<GroupJson>(System.Net.HttpStatusCode.Created);
        await app.AddMembershipAsync(group.Id, DemoUsers.Facilitator, "facilitator");
        await app.AddMembershipAsync(group.Id, DemoUsers.Official, "member");
        var hostile = await app.CreateUserAsync(displayName: "Hostile <img src=x onerror=alert(1)>");
        await app.AddMembershipAsync(group.Id, hostile.Email, "member");
        using var author = await app.ClientForAsync(hostile);
        using var thread = await author.PostAsJsonAsync($"/api/v1/groups/{group.Id}/threads", new
        {
            title = $"{Probe} {XssCorpus.OneLine[2]}",
            body = $"Hello @Wang Jun, {Probe} {string.Join(" ", XssCorpus.OneLine)}",
        });
        var threadId = (await thread.ReadJsonAsync<JsonElement>(System.Net.HttpStatusCode.Created)).GetProperty("id").GetInt32();
        for (var i = 0; i < 10; i++)
        {
            var payload = XssCorpus.Payloads[i * XssCorpus.Payloads.Count / 10];
            using var sent = await author.PostAsJsonAsync($"/api/v1/threads/{threadId}/messages", new { body = $"{Probe} {payload} @Wang Jun", clientMessageId = Guid.NewGuid().ToString("N") });
            await sent.AssertStatusAsync(System.Net.HttpStatusCode.Created);
        }

        using var official = await app.ClientForAsync(DemoUsers.Official);
        var snippets = await SnippetsAsync(official);
        Assert.NotEmpty(snippets);
        foreach (var snippet in snippets)
        {
            AssertOnlyMarks(snippet);
        }
        using var reader = await app.SignInWithCookieAsync(DemoUsers.Official);
        using var administrator = await app.SignInWithCookieAsync(DemoUsers.Admin);
        foreach (var (session, path) in new[]
        {
            (reader, "/"), (reader, $"/groups/{slug}"), (reader, $"/groups/{slug}/threads/{threadId}"), (reader, "/notifications"),
            (reader, $"/search?q={Probe}"), (administrator, "/admin/groups"), (administrator, "/admin/users"), (administrator, "/admin/audit"),
        })
        {
            using var page = await session.GetPageAsync(path);
            Html.AssertPageInert(path, "(group name and description, display name, thread title and messages from the corpus)", page.Html);
        }
        using var notifications = await reader.GetPageAsync("/notifications");
        Assert.Contains(XssCorpus.OneLine[2], notifications.Document.Body!.TextContent, StringComparison.Ordinal);
        using var members = await reader.GetPageAsync($"/groups/{slug}");
        Assert.Contains(hostile.DisplayName, members.Document.Body!.TextContent, StringComparison.Ordinal);
    }

    /// <summary>The snippets of the search for the probe word, once the index has the messages (it is filled in the background).</summary>
    private static async Task<List<string>> SnippetsAsync(HttpClient client)
    {
        for (var attempt = 0; attempt < 60; attempt++)
        {
            using var response = await client.GetAsync($"/api/v1/search?q={Probe}&pageSize=50");
            var result = await response.ReadJsonAsync<JsonElement>(System.Net.HttpStatusCode.OK);
            var snippets = result.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("snippet").GetString() ?? "").ToList();
            if (snippets.Count >= 11)
            {
                return snippets;
            }
            await Task.Delay(500);
        }
        return [];
    }

    private static void AssertOnlyMarks(string snippet)
    {
        using var document = Html.Parse(snippet);
        var others = document.Body!.Descendants<IElement>().Where(e => e.LocalName != "mark" || e.Attributes.Length > 0).ToList();
        Assert.True(others.Count == 0, $"The snippet{Environment.NewLine}  {snippet}{Environment.NewLine}has markup besides <mark>: {string.Join(", ", others.Select(e => e.OuterHtml))}");
        Assert.Contains("<mark>", snippet, StringComparison.Ordinal);
    }
}
