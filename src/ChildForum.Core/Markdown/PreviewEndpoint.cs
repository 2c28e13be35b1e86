using ChildForum.Core.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ChildForum.Core.Markdown;

public sealed record PreviewRequest(string? Markdown);
public sealed record PreviewResponse(string Html);

public static class PreviewEndpoint
{
    public const int MaxLength = 1024 * 1024;

    /// <summary><c>POST /api/v1/markdown/preview</c>: the composers' preview, rendered by the site's one pipeline.</summary>
    public static void MapMarkdownPreview(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapApi("/markdown").WithTags("Markdown")
            .MapPost("/preview", (PreviewRequest request, IMarkdownRenderer markdown) =>
            {
                if ((request.Markdown?.Length ?? 0) > MaxLength)
                {
                    return ApiProblems.Invalid("markdown", $"Preview at most {MaxLength} characters.");
                }
                try
                {
                    return (IResult)TypedResults.Ok(new PreviewResponse(markdown.ToHtml(request.Markdown ?? "")));
                }
                catch (MarkdownTooComplexException e)
                {
                    return ApiProblems.Invalid("markdown", e.Message);
                }
            })
            .RequireAuthorization()
            .WithName("PreviewMarkdown")
            .Produces<PreviewResponse>();
}
