using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Xunit.Sdk;

namespace ChildForum.Testing;

/// <summary>Reading HTML as a browser would (AngleSharp), instead of matching strings: fragments the API returns, and
/// whole pages.</summary>
public static class Html
{
    private static readonly HtmlParser Parser = new();

    private static readonly string[] ForbiddenElements =
        ["script", "iframe", "frame", "frameset", "object", "embed", "applet", "style", "link", "meta", "base", "form", "svg", "math", "template", "noscript"];

    /// <summary>In a whole page: elements no page of the site has, wherever they are.</summary>
    private static readonly string[] ForbiddenInPages =
        ["iframe", "frame", "frameset", "object", "embed", "applet", "style", "base", "math", "template"];

    /// <summary>What the theme's icons (inline SVG) are drawn with: shapes only, nothing that links, animates or embeds.</summary>
    private static readonly string[] IconElements = ["svg", "path", "g", "circle", "rect", "line", "polyline", "polygon", "ellipse", "title"];

    private static readonly string[] UrlAttributes = ["href", "src", "srcset", "action", "formaction", "data", "poster", "background", "xlink:href", "cite", "to", "values"];

    /// <summary>The fragment inside the body of a document; dispose the document when done.</summary>
    public static IDocument Parse(string html) => Parser.ParseDocument("<!DOCTYPE html><html><body>" + html + "</body></html>");

    /// <summary>A whole page; dispose the document when done.</summary>
    public static IDocument ParsePage(string html) => Parser.ParseDocument(html);

    /// <summary>The elements at the top level of a fragment, in order (text between them is ignored).</summary>
    public static List<IElement> TopLevelElements(IDocument document) => [.. document.Body!.Children];

    /// <summary>Fails, saying where the markup came from, when an HTML fragment (a rendered message, draft, comment…) has
    /// anything live in it: script-capable elements, event handlers, style or srcdoc attributes, javascript:/data:/vbscript:
    /// URLs, or links without rel="nofollow ugc noopener".</summary>
    public static void AssertInert(string where, string payload, string html)
    {
        using var document = Parse(html);
        var problems = new List<string>();
        foreach (var element in document.Body!.Descendants<IElement>())
        {
            var name = element.LocalName;
            if (ForbiddenElements.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add($"<{name}> element");
            }
            problems.AddRange(LiveAttributes(element));
            if (name == "a")
            {
                var rel = (element.GetAttribute("rel") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (!new[] { "nofollow", "ugc", "noopener" }.All(rel.Contains))
                {
                    problems.Add($"<a> without rel=\"nofollow ugc noopener\": {element.OuterHtml}");
                }
            }
        }
        Fail(where, payload, html, problems);
    }

    /// <summary>Fails when a whole page has anything live that the site's own markup never has: a script that is not one of
    /// the site's files (or has text inside), an event handler or style attribute anywhere, a frame, plug-in, MathML, style
    /// or base element, an SVG that is more than an icon's shapes, a stylesheet or meta outside the head, or a javascript:/data:/vbscript: URL.</summary>
    public static void AssertPageInert(string where, string payload, string page)
    {
        using var document = ParsePage(page);
        var problems = new List<string>();
        foreach (var element in document.Descendants<IElement>())
        {
            var name = element.LocalName;
            if (ForbiddenInPages.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add($"<{name}> element");
            }
            if (name == "svg" && !element.Descendants<IElement>().All(e => IconElements.Contains(e.LocalName) && !e.HasAttribute("href") && !e.HasAttribute("xlink:href")))
            {
                problems.Add($"<svg> that is not a plain icon: {element.OuterHtml}");
            }
            if (name == "script" && (!IsOwnPath(element.GetAttribute("src")) || element.TextContent.Trim().Length > 0))
            {
                problems.Add($"script not from the site's files: {element.OuterHtml}");
            }
            if (name is "link" or "meta" && element.ParentElement?.LocalName != "head")
            {
                problems.Add($"<{name}> outside the head: {element.OuterHtml}");
            }
            if (name == "link" && !IsOwnPath(element.GetAttribute("href")))
            {
                problems.Add($"<link> to another site: {element.OuterHtml}");
            }
            if (name == "meta" && element.GetAttribute("http-equiv") is { } equiv && equiv.Equals("refresh", StringComparison.OrdinalIgnoreCase)
                && (element.GetAttribute("content") ?? "").Contains("url", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"redirecting <meta>: {element.OuterHtml}");
            }
            problems.AddRange(LiveAttributes(element));
        }
        Fail(where, payload, page, problems);
    }

    /// <summary>As a browser reads a URL: leading spaces and control characters, and tabs and newlines anywhere, do not count.</summary>
    public static bool IsScriptUrl(string value)
    {
        var cleaned = new string(value.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c)).ToArray()).ToLowerInvariant();
        return cleaned.StartsWith("javascript:", StringComparison.Ordinal) || cleaned.StartsWith("data:", StringComparison.Ordinal) || cleaned.StartsWith("vbscript:", StringComparison.Ordinal);
    }

    private static IEnumerable<string> LiveAttributes(IElement element)
    {
        foreach (var attribute in element.Attributes)
        {
            if (attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase))
            {
                yield return $"{attribute.Name} handler on <{element.LocalName}>";
            }
            if (attribute.Name.Equals("style", StringComparison.OrdinalIgnoreCase) || attribute.Name.Equals("srcdoc", StringComparison.OrdinalIgnoreCase))
            {
                yield return $"{attribute.Name} attribute on <{element.LocalName}>";
            }
            if (UrlAttributes.Contains(attribute.Name, StringComparer.OrdinalIgnoreCase) && IsScriptUrl(attribute.Value))
            {
                yield return $"{attribute.Name}=\"{attribute.Value}\" on <{element.LocalName}>";
            }
        }
    }

    private static bool IsOwnPath(string? url) => url is { Length: > 1 } && url[0] == '/' && url[1] != '/' && url[1] != '\\';

    private static void Fail(string where, string payload, string html, List<string> problems)
    {
        if (problems.Count > 0)
        {
            throw new XunitException(
                $"The payload{Environment.NewLine}  {payload}{Environment.NewLine}came back in the {where} as{Environment.NewLine}  {(html.Length > 4000 ? html[..4000] + "…" : html)}{Environment.NewLine}with live markup: {string.Join("; ", problems)}");
        }
    }
}
