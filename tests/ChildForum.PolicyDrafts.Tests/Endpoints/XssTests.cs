using System.Runtime.CompilerServices;
using ChildForum.PolicyDrafts.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.PolicyDrafts.Tests.Endpoints;

/// <summary>Whatever a draft, a version, a comment or an amendment says, every <c>html</c> the API returns is inert: no
/// scripts, frames, plug-ins or styles, no event handlers, no javascript:/data:/vbscript: URLs, and every link is
/// rel="nofollow ugc noopener".</summary>
public abstract class XssTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private const string Target = "The paragraph that members amend.";

    private static readonly ConditionalWeakTable<ForumAppFactory, Task<GroupJson>> Groups = new();

    public static TheoryData<int> Payloads => [.. Enumerable.Range(0, XssCorpus.Payloads.Count)];

    private Task<GroupJson> GroupAsync() => Groups.GetValue(App, app => app.CreateGroupAsync("members", DraftScene.DefaultCast));

    [Fact]
    public void The_corpus_has_at_least_fifty_payloads() => Assert.True(XssCorpus.Payloads.Count >= 50, $"{XssCorpus.Payloads.Count} payloads");

    [SkippableTheory]
    [MemberData(nameof(Payloads))]
    public async Task Hostile_text_in_a_draft_version_comment_and_accepted_amendment_renders_inert_everywhere(int index)
    {
        var payload = XssCorpus.Payloads[index];
        var group = await GroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        var draft = await facilitator.CreateDraftAsync(group.Id, $"{Target}\n\n{payload}");
        await facilitator.AddVersionAsync(draft.Id, $"{payload}\n\n{Target}\n\nVersion 2 adds this paragraph.", note: payload);
        var target = Assert.Single((await facilitator.DraftAsync(draft.Id)).Blocks, b => b.Text == Target);
        var comment = await cso.CommentAsync(draft.Id, 2, target.Anchor, payload);
        var reply = await facilitator.CommentAsync(draft.Id, 2, null, $"A reply quoting it:\n\n> {payload}", replyToId: comment.Id);
        var amendment = await cso.ProposeAsync(draft.Id, 2, target.Anchor, payload, rationale: payload);
        await facilitator.AcceptAsync(amendment.Id);

        Html.AssertInert("comment as posted", payload, comment.Html);
        Html.AssertInert("reply as posted", payload, reply.Html);
        foreach (var listed in await cso.CommentsAsync(draft.Id))
        {
            Html.AssertInert($"comment {listed.Id} as listed", payload, listed.Html);
        }
        Html.AssertInert("draft", payload, (await cso.DraftAsync(draft.Id)).Html);
        for (var version = 1; version <= 3; version++)
        {
            Html.AssertInert($"draft?version={version}", payload, (await cso.DraftAsync(draft.Id, version)).Html);
            Html.AssertInert($"version {version}", payload, (await cso.VersionAsync(draft.Id, version)).Html);
        }
        foreach (var (from, to) in new[] { (1, 2), (2, 3), (1, 3), (3, 1) })
        {
            Html.AssertInert($"diff {from}→{to}", payload, (await cso.DiffAsync(draft.Id, from, to)).Html);
        }
    }

    [SkippableFact]
    public async Task Draft_pages_show_hostile_titles_texts_versions_diffs_comments_amendments_and_positions_inert()
    {
        var group = await GroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var corpus = string.Join("\n\n", XssCorpus.Payloads);
        var drafts = new List<DraftSummaryJson>();
        foreach (var title in XssCorpus.OneLine)
        {
            drafts.Add(await facilitator.CreateDraftAsync(group.Id, $"{Target}\n\n{title}", title: title));
        }
        var draft = drafts[0];
        await facilitator.AddVersionAsync(draft.Id, $"{corpus}\n\n{Target}", note: XssCorpus.OneLine[1]);
        var target = Assert.Single((await facilitator.DraftAsync(draft.Id)).Blocks, b => b.Text == Target);
        foreach (var payload in XssCorpus.Payloads)
        {
            await cso.CommentAsync(draft.Id, 2, target.Anchor, payload);
        }
        foreach (var (proposed, rationale) in XssCorpus.Payloads.Zip(XssCorpus.Payloads.Reverse()).Take(40))
        {
            await cso.ProposeAsync(draft.Id, 2, target.Anchor, proposed, rationale: rationale);
        }
        await cso.StatePositionAsync(draft.Id, "oppose", string.Join("\n\n", XssCorpus.OneLine));
        await facilitator.StatePositionAsync(draft.Id, "support", XssCorpus.OneLine[2]);
        using var reader = await App.SignInWithCookieAsync(DemoUsers.Official);
        using var editor = await App.SignInWithCookieAsync(DemoUsers.Facilitator);
        var url = $"/groups/{group.Slug}/drafts/{draft.Id}";

        foreach (var (session, path) in new[]
        {
            (reader, $"/groups/{group.Slug}"), (reader, url), (reader, url + "?version=1"), (reader, url + "/diff?from=1&to=2"),
            (reader, url + "/diff?from=2&to=1"), (reader, url + "/amendments"), (reader, url + "/print"), (editor, url + "/edit"),
        })
        {
            using var page = await session.GetPageAsync(path);
            Html.AssertPageInert(path, "(the whole corpus)", page.Html);
        }
        foreach (var (other, title) in drafts.Zip(XssCorpus.OneLine).Skip(1))
        {
            using var page = await reader.GetPageAsync($"/groups/{group.Slug}/drafts/{other.Id}");
            Html.AssertPageInert($"draft {other.Id}", title, page.Html);
            Assert.Contains(title, page.Document.Title ?? "", StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public async Task Ordinary_links_survive_in_drafts_comments_and_diffs_with_rel_nofollow_ugc_noopener()
    {
        var group = await GroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        const string links = "See [the report](https://example.org/report), <https://example.org/b>, [the law][law] and a note[^1].\n\n[law]: https://example.org/law\n\n[^1]: Source: https://example.org/source";

        var draft = await facilitator.CreateDraftAsync(group.Id, links);
        await facilitator.AddVersionAsync(draft.Id, links + "\n\nAdded with [a link](https://example.org/added).");
        var comment = await cso.CommentAsync(draft.Id, 2, await cso.AnchorAsync(draft.Id, 0), "Compare [this](https://example.org/compare).");

        using var html = Html.Parse((await cso.DraftAsync(draft.Id)).Html);
        var hrefs = html.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("https://example.org/report", hrefs);
        Assert.Contains("https://example.org/b", hrefs);
        Assert.Contains("https://example.org/law", hrefs);
        Assert.Contains("https://example.org/added", hrefs);
        Assert.All(html.QuerySelectorAll("a"), a => Assert.Equal("nofollow ugc noopener", a.GetAttribute("rel")));
        using var diff = Html.Parse((await cso.DiffAsync(draft.Id, 1, 2)).Html);
        Assert.Contains(diff.QuerySelectorAll("ins a"), a => a.GetAttribute("href") == "https://example.org/added" && a.GetAttribute("rel") == "nofollow ugc noopener");
        using var commentHtml = Html.Parse(comment.Html);
        Assert.Equal("nofollow ugc noopener", commentHtml.QuerySelector("a[href='https://example.org/compare']")?.GetAttribute("rel"));
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class XssTestsOnSqlite(SqliteAppFixture fixture) : XssTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class XssTestsOnPostgres(PostgresAppFixture fixture) : XssTests(fixture);
