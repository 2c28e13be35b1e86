using System.Runtime.CompilerServices;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using ChildForum.Discussions.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Discussions.Tests.Endpoints;

/// <summary>Whatever a message says, its <c>html</c> is inert: no scripts, frames, plug-ins or styles, no event
/// handlers, no javascript:/data:/vbscript: URLs, and every link is rel="nofollow ugc noopener".</summary>
public abstract class XssTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private static readonly ConditionalWeakTable<ForumAppFactory, Task<Scene>> Scenes = new();
    private static readonly HtmlParser Parser = new();

    private static readonly string[] ForbiddenElements =
        ["script", "iframe", "frame", "frameset", "object", "embed", "applet", "style", "link", "meta", "base", "form", "svg", "math", "template"];

    private static readonly string[] UrlAttributes = ["href", "src", "srcset", "action", "formaction", "data", "poster", "background", "xlink:href", "cite"];

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

        AssertInert(payload, message.Html);
        AssertInert(payload, (await cso.ReadMessageAsync(message)).Html);
    }

    [SkippableFact]
    public async Task Ordinary_links_survive_with_rel_nofollow_ugc_noopener()
    {
        var scene = await Scenes.GetValue(App, app => app.NewSceneAsync());
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        var message = await cso.PostMessageAsync(scene.Thread.Id, "See [the report](https://example.org/report), <https://example.org/b> and mailto:info@example.org", confirmPersonalData: true);

        using var document = Parser.ParseDocument("<body>" + message.Html + "</body>");
        var links = document.QuerySelectorAll("a").ToList();
        Assert.Contains(links, a => a.GetAttribute("href") == "https://example.org/report" && a.TextContent == "the report");
        Assert.Contains(links, a => a.GetAttribute("href") == "https://example.org/b");
        Assert.All(links, a => Assert.Equal("nofollow ugc noopener", a.GetAttribute("rel")));
    }

    /// <summary>Fails, naming the payload, when <paramref name="html"/> holds anything a browser would run or load.</summary>
    internal static void AssertInert(string payload, string html)
    {
        using var document = Parser.ParseDocument("<!DOCTYPE html><html><body>" + html + "</body></html>");
        var problems = new List<string>();
        foreach (var element in document.Body!.Descendants<IElement>())
        {
            var name = element.LocalName;
            if (ForbiddenElements.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add($"<{name}> element");
            }
            foreach (var attribute in element.Attributes)
            {
                if (attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{attribute.Name} handler on <{name}>");
                }
                if (attribute.Name.Equals("style", StringComparison.OrdinalIgnoreCase) || attribute.Name.Equals("srcdoc", StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{attribute.Name} attribute on <{name}>");
                }
                if (UrlAttributes.Contains(attribute.Name, StringComparer.OrdinalIgnoreCase) && IsScriptUrl(attribute.Value))
                {
                    problems.Add($"{attribute.Name}=\"{attribute.Value}\" on <{name}>");
                }
            }
            if (name == "a")
            {
                var rel = (element.GetAttribute("rel") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (!new[] { "nofollow", "ugc", "noopener" }.All(rel.Contains))
                {
                    problems.Add($"<a> without rel=\"nofollow ugc noopener\": {element.OuterHtml}");
                }
            }
        }
        Assert.True(problems.Count == 0,
            $"The payload{Environment.NewLine}  {payload}{Environment.NewLine}rendered as{Environment.NewLine}  {html}{Environment.NewLine}with live markup: {string.Join("; ", problems)}");
    }

    /// <summary>As a browser reads a URL: leading spaces and control characters, and tabs and newlines anywhere, do not count.</summary>
    private static bool IsScriptUrl(string value)
    {
        var cleaned = new string(value.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c)).ToArray()).ToLowerInvariant();
        return cleaned.StartsWith("javascript:", StringComparison.Ordinal) || cleaned.StartsWith("data:", StringComparison.Ordinal) || cleaned.StartsWith("vbscript:", StringComparison.Ordinal);
    }
}

[Collection(SqliteFixture.Collection)]
public sealed class XssTestsOnSqlite(SqliteFixture fixture) : XssTests(fixture);

[Collection(PostgresFixture.Collection)]
public sealed class XssTestsOnPostgres(PostgresFixture fixture) : XssTests(fixture);
