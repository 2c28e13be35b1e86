using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Localization;

namespace ChildForum.Core.Http;

/// <summary>Problem-details results with sentences a client developer can act on.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no {what} here, or you may not see it.");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail);

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);

    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>Collects per-field errors. Messages are English format strings that pages localise
/// (they never name the field: a page shows them next to it; the API keys them by field).</summary>
public sealed class Validation
{
    private readonly List<(string Field, string Format, object[] Args)> _errors = [];

    public bool IsValid => _errors.Count == 0;

    public Validation Add(string field, string format, params object[] args)
    {
        _errors.Add((field, format, args));
        return this;
    }

    /// <summary>Checks a required text field and its length; returns the trimmed value, or null after recording an error.</summary>
    public string? RequireText(string field, string? value, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            Add(field, "This field is required.");
            return null;
        }
        return CheckLength(field, trimmed, maxLength);
    }

    public string? OptionalText(string field, string? value, int maxLength)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : CheckLength(field, trimmed, maxLength);
    }

    private string? CheckLength(string field, string value, int maxLength)
    {
        if (value.Length > maxLength)
        {
            Add(field, "This may be at most {0} characters long; it has {1}.", maxLength, value.Length);
            return null;
        }
        return value;
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary(IStringLocalizer? localizer = null) =>
        _errors.GroupBy(e => e.Field).ToDictionary(
            g => g.Key,
            g => g.Select(e => localizer is null ? string.Format(CultureInfo.InvariantCulture, e.Format, e.Args) : localizer[e.Format, e.Args].Value).ToArray());

    public ValidationProblem ToProblem() => TypedResults.ValidationProblem(ToDictionary());
}

public enum OutcomeStatus { Ok, Created, Invalid, NotFound, Forbidden, Conflict, TooLarge, TooManyRequests, Unauthorized, Unavailable }

/// <summary>What a module service answers, so that the API and the pages share one implementation
/// and each turns it into its own kind of response.</summary>
public sealed record Outcome<T>(OutcomeStatus Status, T? Value = default, Validation? Validation = null, string? Message = null)
{
    public static Outcome<T> Ok(T value) => new(OutcomeStatus.Ok, value);
    public static Outcome<T> Created(T value) => new(OutcomeStatus.Created, value);
    public static Outcome<T> Invalid(Validation validation) => new(OutcomeStatus.Invalid, Validation: validation);
    public static Outcome<T> Invalid(string field, string format, params object[] args) => new(OutcomeStatus.Invalid, Validation: new Validation().Add(field, format, args));
    public static Outcome<T> NotFound(string what) => new(OutcomeStatus.NotFound, Message: what);

    /// <summary>A 404 whose <see cref="Message"/> is already the whole sentence (the access rule's, in the caller's language).</summary>
    public static Outcome<T> NotFoundWorded(string sentence) => new(OutcomeStatus.NotFound, Message: sentence) { MessageIsSentence = true };

    /// <summary>Whether <see cref="Message"/> of a 404 is a whole sentence rather than the name of the missing thing.</summary>
    public bool MessageIsSentence { get; init; }
    public static Outcome<T> Forbidden(string message) => new(OutcomeStatus.Forbidden, Message: message);
    public static Outcome<T> Conflict(string message) => new(OutcomeStatus.Conflict, Message: message);
    public static Outcome<T> TooLarge(string message) => new(OutcomeStatus.TooLarge, Message: message);
    public static Outcome<T> TooManyRequests(string message) => new(OutcomeStatus.TooManyRequests, Message: message);
    public static Outcome<T> Unauthorized(string message) => new(OutcomeStatus.Unauthorized, Message: message);

    /// <summary>503: a service the answer needs (e.g. the search cluster) is down; <paramref name="retryAfter"/> is sent as
    /// <c>Retry-After</c> by <see cref="ToHttpResult"/>.</summary>
    public static Outcome<T> Unavailable(string message, TimeSpan? retryAfter = null) => new(OutcomeStatus.Unavailable, Message: message) { RetryAfter = retryAfter };

    /// <summary>For a 429 or 503: when the client may try again (sent as the <c>Retry-After</c> header, in whole seconds).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Extra members for the problem details (e.g. a machine-readable <c>code</c>).</summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; init; }

    /// <summary>The sentence for a person: the message, or the first validation error.</summary>
    public string Describe(IStringLocalizer? localizer = null) =>
        Message ?? Validation?.ToDictionary(localizer).Values.SelectMany(v => v).FirstOrDefault() ?? Status.ToString();

    public bool Succeeded => Status is OutcomeStatus.Ok or OutcomeStatus.Created;

    /// <summary>The same failure for a caller that returns another type (only for outcomes that did not succeed).</summary>
    public Outcome<TOther> Failure<TOther>() =>
        Succeeded ? throw new InvalidOperationException("Only a failed outcome can be passed on as another type.")
                  : new(Status, default, Validation, Message) { Extensions = Extensions, RetryAfter = RetryAfter, MessageIsSentence = MessageIsSentence };

    /// <summary>The HTTP answer: 200/201 with the value, or the matching problem details.</summary>
    public IResult ToHttpResult(string? location = null, IStringLocalizer? localizer = null) => Status switch
    {
        OutcomeStatus.Ok => TypedResults.Ok(Value),
        OutcomeStatus.Created => TypedResults.Created(location, Value),
        OutcomeStatus.Invalid => ToValidationProblem(localizer),
        OutcomeStatus.TooManyRequests => new RetryAfterResult(Problem(StatusCodes.Status429TooManyRequests, "Too many requests", Message!), RetryAfter),
        OutcomeStatus.Unavailable => new RetryAfterResult(ToProblem(), RetryAfter),
        _ => ToProblem(),
    };

    /// <summary>Typed results, so that the OpenAPI document follows from a handler's signature: 200 with the value, 400 with
    /// the errors per field, or the problem of any other failure (services answered this way never rate-limit: a 429 needs
    /// <see cref="ToHttpResult"/> for its <c>Retry-After</c>).</summary>
    public Results<Ok<T>, ValidationProblem, ProblemHttpResult> ToOk(IStringLocalizer? localizer = null) =>
        Succeeded ? TypedResults.Ok(Value) : Status == OutcomeStatus.Invalid ? ToValidationProblem(localizer) : ToProblem();

    /// <summary>The same with 201 and the new resource's address (<paramref name="location"/> is asked only on success).</summary>
    public Results<Created<T>, ValidationProblem, ProblemHttpResult> ToCreated(Func<T, string> location, IStringLocalizer? localizer = null) =>
        Succeeded ? TypedResults.Created(location(Value!), Value) : Status == OutcomeStatus.Invalid ? ToValidationProblem(localizer) : ToProblem();

    public Results<Created<T>, ValidationProblem, ProblemHttpResult> ToCreated(string location, IStringLocalizer? localizer = null) =>
        ToCreated(_ => location, localizer);

    private ValidationProblem ToValidationProblem(IStringLocalizer? localizer) =>
        TypedResults.ValidationProblem(Validation!.ToDictionary(localizer), extensions: Extensions);

    /// <summary>The problem details of a failure other than invalid input and rate limiting.</summary>
    public ProblemHttpResult ToProblem() => Status switch
    {
        OutcomeStatus.NotFound => MessageIsSentence ? Problem(StatusCodes.Status404NotFound, "Not found", Message!) : ApiProblems.NotFound(Message ?? "such resource"),
        OutcomeStatus.Forbidden => Problem(StatusCodes.Status403Forbidden, "Forbidden", Message ?? "You may not do this."),
        OutcomeStatus.Conflict => Problem(StatusCodes.Status409Conflict, "Conflict", Message ?? "This conflicts with the current state."),
        OutcomeStatus.TooLarge => Problem(StatusCodes.Status413PayloadTooLarge, "Too large", Message!),
        OutcomeStatus.Unauthorized => Problem(StatusCodes.Status401Unauthorized, "Unauthorized", Message!),
        OutcomeStatus.Unavailable => Problem(StatusCodes.Status503ServiceUnavailable, "Service unavailable", Message!),
        _ => throw new InvalidOperationException($"Outcome {Status} has no problem of its own (see ToHttpResult)."),
    };

    private ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail, extensions: Extensions);
}

/// <summary>A result with a <c>Retry-After</c> header (RFC 9110) in whole seconds, rounded up, when one is known.</summary>
public sealed class RetryAfterResult(IResult inner, TimeSpan? retryAfter) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        if (retryAfter is { } wait)
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
        return inner.ExecuteAsync(httpContext);
    }
}

public static class ApiRoutes
{
    /// <summary>The versioned API root every module maps under. Bodies over 1 MB are refused (413);
    /// cookie-authenticated changes must carry the antiforgery header.</summary>
    public static RouteGroupBuilder MapApi(this Microsoft.AspNetCore.Routing.IEndpointRouteBuilder endpoints, string prefix) =>
        (RouteGroupBuilder)endpoints.MapGroup("/api/v1" + prefix)
            .AddEndpointFilter<ApiAntiforgeryFilter>()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(1024 * 1024))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
}

public static class ModelStateValidationExtensions
{
    /// <summary>Puts a service's validation errors next to the fields of a page form bound as <paramref name="prefix"/>
    /// (<c>"email"</c> becomes <c>"Form.Email"</c>), in the page's language.</summary>
    public static void AddValidation(this Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState, Validation? validation, string prefix, IStringLocalizer localizer)
    {
        foreach (var (field, messages) in validation?.ToDictionary(localizer) ?? new Dictionary<string, string[]>())
        {
            modelState.AddModelError($"{prefix}.{char.ToUpperInvariant(field[0])}{field[1..]}", string.Join(" ", messages));
        }
    }
}
