using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ChildForum.Core.Http;

/// <summary>Turns request-reading failures (malformed JSON, a body over the size limit, a wrong
/// content type, Markdown too complex to render) into problem details with the status they deserve instead of a 500.
/// A query or route value that does not parse (<c>?after=abc</c>) and a JSON member of the wrong type are named in
/// <c>errors</c>, as the contract asks of every 400.</summary>
public sealed partial class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
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
        var errors = status == StatusCodes.Status400BadRequest ? FieldErrors(bad) : null;
        return await _problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = errors is null
                ? new ProblemDetails { Status = status, Title = ReasonPhrase(status), Detail = detail }
                : new HttpValidationProblemDetails(errors) { Status = status, Title = ReasonPhrase(status), Detail = detail },
        });
    }

    /// <summary>The field a binding failure is about, with a sentence saying what to send instead; null when it names none.</summary>
    private static Dictionary<string, string[]>? FieldErrors(BadHttpRequestException bad)
    {
        // A value of the wrong type, or text with a NUL character, names its member; broken JSON has no field to name.
        if (bad.InnerException is System.Text.Json.JsonException { Path: { Length: > 2 } path } json && path.StartsWith("$.", StringComparison.Ordinal))
        {
            if (json.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
            {
                return new() { [path[2..]] = ["This value has the wrong type for this field."] };
            }
            if (json.Message.StartsWith(NulRejectingStringConverter.Refusal, StringComparison.Ordinal))
            {
                return new() { [path[2..]] = [NulRejectingStringConverter.Refusal] };
            }
        }
        if (FailedToBind().Match(bad.Message) is { Success: true } failed)
        {
            return new() { [failed.Groups["name"].Value] = [Expected(failed.Groups["type"].Value)] };
        }
        if (NotProvided().Match(bad.Message) is { Success: true } missing)
        {
            return new() { [missing.Groups["name"].Value] = ["This field is required."] };
        }
        return null;
    }

    private static string Expected(string type)
    {
        var bare = type.StartsWith("Nullable<", StringComparison.Ordinal) && type.EndsWith('>') ? type[9..^1] : type;
        return bare switch
        {
            "int" or "Int32" => WholeNumber(int.MinValue, int.MaxValue),
            "long" or "Int64" => WholeNumber(long.MinValue, long.MaxValue),
            "short" or "Int16" => WholeNumber(short.MinValue, short.MaxValue),
            "decimal" or "double" or "float" or "Decimal" or "Double" or "Single" => "Use a number, such as 12.5.",
            "bool" or "Boolean" => "Use true or false.",
            "DateOnly" => "Use a date such as 2026-03-01.",
            "DateTime" or "DateTimeOffset" => "Use a date and time in ISO 8601 with an offset, such as 2026-03-01T09:30:00+08:00.",
            "Guid" => "Use a GUID, such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301.",
            _ => "This value has the wrong form for this field.",
        };
    }

    private static string WholeNumber(long min, long max) =>
        string.Create(CultureInfo.InvariantCulture, $"Use a whole number from {min} to {max}.");

    // The framework's wording (RequestDelegateFactory): Failed to bind parameter "Nullable<int> after" from "abc".
    [GeneratedRegex("^Failed to bind parameter \"(?<type>[^\"]+) (?<name>[^\" ]+)\" from \"", RegexOptions.CultureInvariant)]
    private static partial Regex FailedToBind();

    // Required parameter "int page" was not provided from query string.
    [GeneratedRegex("^Required parameter \"(?<type>[^\"]+) (?<name>[^\" ]+)\" was not provided", RegexOptions.CultureInvariant)]
    private static partial Regex NotProvided();

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}
