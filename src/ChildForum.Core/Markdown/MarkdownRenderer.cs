using Ganss.Xss;
using Markdig;

namespace ChildForum.Core.Markdown;

/// <summary>The site's one Markdown pipeline (messages, drafts, agendas, minutes): CommonMark with
/// tables, footnotes, task lists and heading ids; raw HTML off; output sanitised; links get
/// <c>rel="nofollow ugc noopener"</c>.</summary>
public interface IMarkdownRenderer
{
    MarkdownPipeline Pipeline { get; }
    string ToHtml(string markdown);
    string Sanitize(string html);
}

public sealed class MarkdownRenderer : IMarkdownRenderer
{
    private readonly HtmlSanitizer _sanitizer;

    public MarkdownRenderer()
    {
        Pipeline = new MarkdownPipelineBuilder()
            .DisableHtml()
            .UsePipeTables()
            .UseFootnotes()
            .UseTaskLists()
            .UseAutoIdentifiers(Markdig.Extensions.AutoIdentifiers.AutoIdentifierOptions.GitHub)
            .UseAutoLinks()
            .UseEmphasisExtras()
            .Build();

        _sanitizer = new HtmlSanitizer();
        _sanitizer.AllowedSchemes.Clear();
        _sanitizer.AllowedSchemes.UnionWith(["http", "https", "mailto"]);
        _sanitizer.AllowedAttributes.Add("id");
        _sanitizer.AllowedAttributes.Add("class");
        _sanitizer.AllowedClasses.UnionWith(["task-list-item", "task-list-item-checkbox", "footnotes", "footnote-ref", "footnote-back-ref", "contains-task-list"]);
        _sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } link)
            {
                link.SetAttribute("rel", "nofollow ugc noopener");
            }
        };
    }

    public MarkdownPipeline Pipeline { get; }

    public string ToHtml(string markdown) => Sanitize(Markdig.Markdown.ToHtml(markdown ?? "", Pipeline));

    public string Sanitize(string html) => _sanitizer.Sanitize(html);
}
