using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ChildForum.Core.Http;

/// <summary>Turns request-reading failures (malformed JSON, a missing body, a query value of the wrong type, a body over
/// the size limit, a wrong content type, Markdown too complex to render) into problem details with the status they
/// deserve instead of a 500. A 400 names the field in <c>errors</c>, as the contract's other 400s do, and never shows
/// the framework's message, which names .NET types and parameters rather than what the client sent.</summary>
public sealed partial class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    /// <summary>The <c>errors</c> key for a problem with the request body as a whole (missing, not JSON, not an object).</summary>
    public const string BodyField = "body";

    private readonly IProblemDetailsService _problemDetails = problemDetails;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is Markdown.MarkdownTooComplexException complex)
        {
            // A safety net: services turn this into a field error themselves.
            return await WriteAsync(httpContext, exception, BodyField, complex.Message, complex.Message);
        }
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }
        if (bad.StatusCode != StatusCodes.Status400BadRequest)
        {
            var detail = bad.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => "The request body is larger than this endpoint accepts.",
                StatusCodes.Status415UnsupportedMediaType => "Send the body as JSON with Content-Type: application/json.",
                _ => ReasonPhrase(bad.StatusCode),
            };
            httpContext.Response.StatusCode = bad.StatusCode;
            return await _problemDetails.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                Exception = exception,
                ProblemDetails = new ProblemDetails { Status = bad.StatusCode, Title = ReasonPhrase(bad.StatusCode), Detail = detail },
            });
        }
        var (field, message, summary) = Describe(bad);
        return await WriteAsync(httpContext, exception, field, message, summary);
    }

    /// <summary>The field at fault, the message for it, and the sentence for <c>detail</c>.</summary>
    public static (string Field, string Message, string Detail) Describe(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            var field = FieldOf(json.Path);
            var position = json.LineNumber is { } line && json.BytePositionInLine is { } column
                ? $" (line {line + 1}, position {column + 1})" : "";
            string message;
            if (json.InnerException is JsonException)
            {
                // The reader's own message says what is malformed and names no .NET type.
                field = BodyField;
                message = $"The body is not well-formed JSON{position}: {WithoutPath(json.InnerException.Message)}";
            }
            else if (json.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
            {
                message = field == BodyField
                    ? "Send a JSON object: {\"field\": value, …}."
                    : "This value has the wrong type for this field (text, number, true/false, list or object).";
            }
            else
            {
                // A converter's own sentence (e.g. text with a NUL character).
                message = WithoutPath(json.Message);
            }
            return (field, message, $"The request body could not be read: {message}");
        }
        if (ImplicitBodyMissing().IsMatch(bad.Message) || BodyMissing().IsMatch(bad.Message))
        {
            const string message = "Send a JSON object in the request body, with Content-Type: application/json.";
            return (BodyField, message, "The request has no body. " + message);
        }
        if (BindingFailed().Match(bad.Message) is { Success: true } failed)
        {
            var name = failed.Groups["name"].Value;
            var message = $"'{failed.Groups["value"].Value}' is not {Kind(failed.Groups["type"].Value)}.";
            return (name, message, $"The value of '{name}' is not valid: {message}");
        }
        if (ParameterMissing().Match(bad.Message) is { Success: true } missing)
        {
            var name = missing.Groups["name"].Value;
            return (name, "This field is required.", $"'{name}' is required.");
        }
        return ("request", "The request could not be read.", "The request could not be read: check its body, headers and address.");
    }

    private async ValueTask<bool> WriteAsync(HttpContext httpContext, Exception exception, string field, string message, string detail)
    {
        httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
        return await _problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "One or more validation errors occurred.",
                Detail = detail,
            },
        });
    }

    /// <summary><c>$.organisationId</c> → <c>organisationId</c>; <c>$</c> (the body itself) → <c>body</c>.</summary>
    private static string FieldOf(string? path) =>
        path is null || path == "$" ? BodyField
        : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..]
        : path.StartsWith('$') ? path[1..]
        : path;

    private static string WithoutPath(string message)
    {
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        var cutLine = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        var end = new[] { cut, cutLine }.Where(i => i >= 0).DefaultIfEmpty(message.Length).Min();
        return message[..end].TrimEnd(' ', '|');
    }

    private static string Kind(string type)
    {
        var bare = type.StartsWith("Nullable<", StringComparison.Ordinal) ? type[9..^1] : type;
        return bare switch
        {
            "int" or "long" or "short" or "byte" or "uint" or "ulong" or "ushort" or "Int32" or "Int64" => "a whole number",
            "double" or "float" or "decimal" or "Double" or "Single" or "Decimal" => "a number",
            "bool" or "Boolean" => "true or false",
            "DateTime" or "DateTimeOffset" => "a date and time such as 2026-03-01T09:00:00+08:00",
            "DateOnly" => "a date such as 2026-03-01",
            "TimeOnly" => "a time such as 09:30",
            "Guid" => "an id of the right form",
            _ => "a valid value here",
        };
    }

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);

    // The framework's messages (RequestDelegateFactory): the only place these failures are told apart.
    [GeneratedRegex("^Implicit body inferred for parameter \"[^\"]*\" but no body was provided")]
    private static partial Regex ImplicitBodyMissing();

    [GeneratedRegex("^Required parameter \"[^\"]*\" was not provided from body")]
    private static partial Regex BodyMissing();

    [GeneratedRegex("^Failed to bind parameter \"(?<type>.*) (?<name>[^ \"]+)\" from \"(?<value>.*)\"\\.$", RegexOptions.Singleline)]
    private static partial Regex BindingFailed();

    [GeneratedRegex("^Required parameter \"(?<type>.*) (?<name>[^ \"]+)\" was not provided")]
    private static partial Regex ParameterMissing();
}
