using System.Runtime.CompilerServices;
using ChildForum.Discussions.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Discussions.Tests.Endpoints;

/// <summary>Whatever a message says, its <c>html</c> is inert: no scripts, frames, plug-ins or styles, no event
/// handlers, no javascript:/data:/vbscript: URLs, and every link is rel="nofollow ugc noopener".</summary>
public abstract class XssTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private static readonly ConditionalWeakTable<ForumAppFactory, Task<Scene>> Scenes = new();

    public static TheoryData<int> Payloads => [.. Enumerable.Range(0, XssCorpus.Payloads.Count)];

    [Fact]
    public void The_corpus_has_at_least_fifty_payloads() => Assert.True(XssCorpus.Payloads.Count >= 50, $"{XssCorpus.Payloads.Count} payloads");

    [SkippableTheory]
    [MemberData(nameof(Payloads))]
    public async Task Rendered_html_of_a_hostile_message_is_inert(int index)
    {
        var payload = XssCorpus.Payloads[index];
        var scene = await Scenes.GetValue(App, app => app.NewSceneAsync());
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        var message = await cso.PostMessageAsync(scene.Thread.Id, payload);

        Html.AssertInert("message as posted", payload, message.Html);
        Html.AssertInert("message as read", payload, (await cso.ReadMessageAsync(message)).Html);
    }

    [SkippableFact]
    public async Task Group_and_thread_pages_show_hostile_titles_and_every_hostile_message_inert()
    {
        var group = await App.CreateGroupAsync("members", Scene.DefaultCast);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var threads = new List<ThreadJson>();
        foreach (var title in XssCorpus.OneLine)
        {
            threads.Add(await facilitator.StartThreadAsync(group.Id, title, body: title));
        }
        foreach (var payload in XssCorpus.Payloads)
        {
            await cso.PostMessageAsync(threads[0].Id, payload);
        }
        using var session = await App.SignInWithCookieAsync(DemoUsers.Cso);

        using var groupPage = await session.GetPageAsync($"/groups/{group.Slug}");
        Html.AssertPageInert("group page listing the threads", string.Join(" | ", XssCorpus.OneLine), groupPage.Html);
        foreach (var (thread, title) in threads.Zip(XssCorpus.OneLine))
        {
            using var page = await session.GetPageAsync($"/groups/{group.Slug}/threads/{thread.Id}");
            Html.AssertPageInert($"thread page {thread.Id}", title, page.Html);
            Assert.Contains(title, page.Document.QuerySelector("h1")?.TextContent ?? "", StringComparison.Ordinal);
        }
        using var messages = await session.GetPageAsync($"/groups/{group.Slug}/threads/{threads[0].Id}");
        Assert.Equal(XssCorpus.Payloads.Count + 1, messages.Document.QuerySelectorAll(".message-item").Length);
        using var fragment = await session.GetPageAsync($"/groups/{group.Slug}/threads/{threads[0].Id}?handler=Messages&after=0");
        Html.AssertPageInert("messages appended by the live page", "(the whole corpus)", fragment.Html);
    }

    [SkippableFact]
    public async Task Ordinary_links_survive_with_rel_nofollow_ugc_noopener()
    {
        var scene = await Scenes.GetValue(App, app => app.NewSceneAsync());
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        var message = await cso.PostMessageAsync(scene.Thread.Id, "See [the report](https://example.org/report), <https://example.org/b> and mailto:info@example.org", confirmPersonalData: true);

        using var document = Html.Parse(message.Html);
        var links = document.QuerySelectorAll("a").ToList();
        Assert.Contains(links, a => a.GetAttribute("href") == "https://example.org/report" && a.TextContent == "the report");
        Assert.Contains(links, a => a.GetAttribute("href") == "https://example.org/b");
        Assert.All(links, a => Assert.Equal("nofollow ugc noopener", a.GetAttribute("rel")));
    }
}

[Collection(SqliteFixture.Collection)]
public sealed class XssTestsOnSqlite(SqliteFixture fixture) : XssTests(fixture);

[Collection(PostgresFixture.Collection)]
public sealed class XssTestsOnPostgres(PostgresFixture fixture) : XssTests(fixture);
