using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Xunit.Sdk;

namespace ChildForum.Testing;

/// <summary>A server-rendered page as a browser without JavaScript sees it: its forms and the antiforgery token.</summary>
public sealed class HtmlPage : IDisposable
{
    private static readonly HtmlParser Parser = new();

    private HtmlPage(IHtmlDocument document, string html)
    {
        Document = document;
        Html = html;
    }

    public IHtmlDocument Document { get; }

    public string Html { get; }

    /// <summary>The token every page carries in <c>&lt;meta name="request-verification-token"&gt;</c>, for script calls to the API.</summary>
    public string? RequestVerificationToken =>
        Document.QuerySelector("meta[name='request-verification-token']")?.GetAttribute("content") is { Length: > 0 } token ? token : null;

    public static async Task<HtmlPage> ReadAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        return new HtmlPage(await Parser.ParseDocumentAsync(html), html);
    }

    /// <summary>The page's own form (inside <c>&lt;main&gt;</c>, not the layout's language and sign-out forms).</summary>
    public IHtmlFormElement MainForm =>
        Document.QuerySelector<IHtmlFormElement>("main form[method='post']")
        ?? throw new XunitException($"The page has no form in <main>:{Environment.NewLine}{Html[..Math.Min(Html.Length, 2000)]}");

    /// <summary>The values a browser would submit from <see cref="MainForm"/> as it stands (hidden fields included),
    /// before the test fills anything in.</summary>
    public Dictionary<string, string> MainFormFields()
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in MainForm.QuerySelectorAll<IHtmlInputElement>("input[name]"))
        {
            if (input.Type is "checkbox" or "radio" && !input.IsChecked)
            {
                continue;
            }
            fields[input.Name!] = input.Value;
        }
        return fields;
    }

    public string? TextOf(string selector) => Document.QuerySelector(selector)?.TextContent.Trim();

    public void Dispose() => Document.Dispose();
}
