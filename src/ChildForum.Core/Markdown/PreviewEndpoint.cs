using System.Security.Claims;
using ChildForum.Core.Http;
using ChildForum.Core.Localization;
using ChildForum.Core.RateLimiting;
using ChildForum.Core.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Localization;

namespace ChildForum.Core.Markdown;

public sealed record PreviewRequest(string? Markdown);
public sealed record PreviewResponse(string Html);

public static class PreviewEndpoint
{
    public const int MaxLength = 1024 * 1024;

    public const string TooQuicklySentence = "You are asking for previews too quickly. Wait {0} seconds and try again.";

    /// <summary><c>POST /api/v1/markdown/preview</c>: the composers' preview, rendered by the site's one pipeline, behind
    /// the per-person limit that messages share (rendering a megabyte is the costly part, so the limit is asked first).</summary>
    public static void MapMarkdownPreview(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapApi("/markdown").WithTags("Markdown")
            .MapPost("/preview", PreviewAsync)
            .RequireAuthorization()
            .WithName("PreviewMarkdown")
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    public static async Task<Results<Ok<PreviewResponse>, ValidationProblem, RetryAfterResult>> PreviewAsync(
        PreviewRequest request, ClaimsPrincipal user, IMarkdownRenderer markdown, IPersonRateLimiter limiter, IStringLocalizer<CoreResource> t, CancellationToken cancellationToken)
    {
        if ((request.Markdown?.Length ?? 0) > MaxLength)
        {
            return ApiProblems.Invalid("markdown", $"Preview at most {MaxLength} characters.");
        }
        var decision = await limiter.AcquireAsync(user.GetUserId()!, cancellationToken);
        if (!decision.Allowed)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(decision.RetryAfter.TotalSeconds));
            return new RetryAfterResult(TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests", detail: t[TooQuicklySentence, seconds]), decision.RetryAfter);
        }
        try
        {
            return TypedResults.Ok(new PreviewResponse(markdown.ToHtml(request.Markdown ?? "")));
        }
        catch (MarkdownTooComplexException e)
        {
            return ApiProblems.Invalid("markdown", e.Message);
        }
    }
}
