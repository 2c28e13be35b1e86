using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Xunit.Sdk;

namespace ChildForum.PolicyDrafts.Tests.Infrastructure;

/// <summary>Reading the <c>html</c> the API returns as a browser would (AngleSharp), instead of matching strings.</summary>
public static class Html
{
    private static readonly HtmlParser Parser = new();

    private static readonly string[] ForbiddenElements =
        ["script", "iframe", "frame", "frameset", "object", "embed", "applet", "style", "link", "meta", "base", "form", "svg", "math", "template"];

    private static readonly string[] UrlAttributes = ["href", "src", "srcset", "action", "formaction", "data", "poster", "background", "xlink:href", "cite"];

    /// <summary>The fragment inside the body of a document; dispose the document when done.</summary>
    public static IDocument Parse(string html) => Parser.ParseDocument("<!DOCTYPE html><html><body>" + html + "</body></html>");

    /// <summary>The elements at the top level of a fragment, in order (text between them is ignored).</summary>
    public static List<IElement> TopLevelElements(IDocument document) => [.. document.Body!.Children];

    /// <summary>Fails, saying where the markup came from, when the HTML has anything live in it: script-capable elements,
    /// event handlers, style or srcdoc attributes, javascript:/data:/vbscript: URLs, or links without rel="nofollow ugc noopener".</summary>
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
        if (problems.Count > 0)
        {
            throw new XunitException(
                $"The payload{Environment.NewLine}  {payload}{Environment.NewLine}came back in the {where} as{Environment.NewLine}  {html}{Environment.NewLine}with live markup: {string.Join("; ", problems)}");
        }
    }

    /// <summary>As a browser reads a URL: leading spaces and control characters, and tabs and newlines anywhere, do not count.</summary>
    public static bool IsScriptUrl(string value)
    {
        var cleaned = new string(value.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c)).ToArray()).ToLowerInvariant();
        return cleaned.StartsWith("javascript:", StringComparison.Ordinal) || cleaned.StartsWith("data:", StringComparison.Ordinal) || cleaned.StartsWith("vbscript:", StringComparison.Ordinal);
    }
}
