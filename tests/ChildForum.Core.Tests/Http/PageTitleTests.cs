using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using ChildForum.Testing;

namespace ChildForum.Core.Tests.Http;

/// <summary>Every page names itself in its title (WCAG 2.4.2), in English and in Chinese: "what the page is · ChildForum",
/// where what the page is holds its heading (often with more: "Minutes – the meeting's title"). The layout once took only a plain string as the title and dropped the localizer's
/// text (<c>T["Search: {0}", q]</c>), so most pages were titled "ChildForum" alone. What a visitor typed goes into a
/// title as text.</summary>
[Collection(SqliteAppFixture.Collection)]
public sealed partial class PageTitleTests(SqliteAppFixture fixture) : ForumTest(fixture)
{
    private static readonly HtmlParser Parser = new();

    public static TheoryData<string> Languages => ["en", "zh-Hans"];

    [SkippableTheory]
    [MemberData(nameof(Languages))]
    public async Task Each_page_is_titled_with_its_heading(string language)
    {
        using var admin = await App.ClientForAsync(DemoUsers.Admin);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        admin.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        facilitator.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        var group = $"/groups/{DemoGroups.LeftBehindChildren}";
        var groupPage = await facilitator.GetStringAsync(group);
        var pages = new[] { "/admin/audit", "/admin/groups", "/admin/mail", "/admin/organisations", "/admin/search", "/admin/users" }
            .Select(path => (admin, path)).ToList();
        var paths = new List<string>
        {
            "/", "/account/password", "/account/notifications", "/calendar", "/notifications", "/search", "/search?q=children", group, $"{group}/archive", $"{group}/documents", $"{group}/documents/upload", $"{group}/drafts/import",
            $"{group}/drafts/new", $"{group}/meetings/new", $"{group}/moderation", $"{group}/threads/new",
        };
        // The demo recipe has no documents: their page is left to the Files tests.
        foreach (var kind in new[] { "threads", "drafts", "meetings" })
        {
            var link = ItemLink(kind).Match(groupPage);
            Assert.True(link.Success, $"The group page links no item of {kind}.");
            paths.Add(link.Value);
        }
        var draft = paths.Single(p => DraftPath().IsMatch(p));
        paths.AddRange([$"{draft}/amendments", $"{draft}/diff"]);
        var meeting = paths.Single(p => MeetingPath().IsMatch(p));
        paths.Add($"{meeting}/minutes");

        pages.AddRange(paths.Select(path => (facilitator, path)));

        var wrong = new List<string>();
        foreach (var (client, path) in pages)
        {
            using var response = await client.GetAsync(path);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                wrong.Add($"{path}: {(int)response.StatusCode}");
                continue;
            }
            using var document = await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());
            var heading = Normalise(document.QuerySelector("main h1")?.TextContent);
            var title = document.Title ?? "";
            if (heading.Length == 0 || !title.EndsWith(" · ChildForum", StringComparison.Ordinal) || !title[..^" · ChildForum".Length].Contains(heading, StringComparison.Ordinal))
            {
                wrong.Add($"{path}: title \"{document.Title}\", heading \"{heading}\"");
            }
        }

        Assert.True(wrong.Count == 0, $"Pages in {language} whose title does not name them (heading · ChildForum):\n" + string.Join("\n", wrong));
    }

    [SkippableTheory]
    [InlineData("en", "Sign in · ChildForum")]
    [InlineData("zh-Hans", "登录 · ChildForum")]
    public async Task The_sign_in_page_is_titled_in_the_visitors_language(string language, string title)
    {
        using var visitor = App.CreateAnonymousClient();
        visitor.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);

        using var document = await Parser.ParseDocumentAsync(await visitor.GetStringAsync("/account/login"));

        Assert.Equal(title, document.Title);
    }

    [SkippableFact]
    public async Task What_a_visitor_searched_for_is_text_in_the_title()
    {
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        foreach (var payload in XssCorpus.OneLine)
        {
            var html = await cso.GetStringAsync("/search?q=" + Uri.EscapeDataString(payload));
            using var document = await Parser.ParseDocumentAsync(html);

            Assert.Equal($"Search: {payload.Trim()} · ChildForum", document.Title);
            Html.AssertPageInert("the search page's title", payload, html);
        }
    }

    /// <summary>A query longer than the search takes (its first 500 characters are searched) is named as searched.</summary>
    [SkippableFact]
    public async Task A_query_longer_than_the_search_takes_is_named_as_searched()
    {
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var query = string.Concat(Enumerable.Repeat("children ", 300)).Trim();

        using var document = await Parser.ParseDocumentAsync(await cso.GetStringAsync("/search?q=" + Uri.EscapeDataString(query)));

        Assert.Equal($"Search: {query[..500]} · ChildForum", document.Title);
    }

    private static string Normalise(string? text) => WhiteSpace().Replace(text ?? "", " ").Trim();

    private static Regex ItemLink(string kind) => new($"/groups/{Regex.Escape(DemoGroups.LeftBehindChildren)}/{kind}/\\d+(?=[\"?#])");

    [GeneratedRegex(@"/drafts/\d+$")]
    private static partial Regex DraftPath();

    [GeneratedRegex(@"/meetings/\d+$")]
    private static partial Regex MeetingPath();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
