using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ChildForum.Core.Http;

/// <summary>Turns request-reading failures (malformed JSON, a body over the size limit, a wrong
/// content type, Markdown too complex to render) into problem details with the status they deserve instead of a 500.</summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    private readonly IProblemDetailsService _problemDetails = problemDetails;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is Markdown.MarkdownTooComplexException complex)
        {
            // A safety net: services turn this into a field error themselves.
            httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
            return await _problemDetails.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                Exception = exception,
                ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["body"] = [complex.Message] })
                {
                    Status = StatusCodes.Status400BadRequest, Title = ReasonPhrase(StatusCodes.Status400BadRequest), Detail = complex.Message,
                },
            });
        }
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }
        var status = bad.StatusCode;
        var detail = status switch
        {
            StatusCodes.Status413PayloadTooLarge => "The request body is larger than this endpoint accepts.",
            StatusCodes.Status415UnsupportedMediaType => "Send the body as JSON with Content-Type: application/json.",
            _ when bad.InnerException is System.Text.Json.JsonException json => $"The request body is not valid JSON for this endpoint: {json.Message}",
            _ => bad.Message,
        };
        httpContext.Response.StatusCode = status;
        return await _problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = ReasonPhrase(status), Detail = detail },
        });
    }

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}
