using ChildForum.Core.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace ChildForum.Meetings.Endpoints;

/// <summary>A service's <see cref="Outcome{T}"/> as typed results, so that the OpenAPI document follows from the handlers'
/// signatures. The statuses and problem details are the core's (<see cref="Outcome{T}.ToHttpResult"/>).</summary>
internal static class OutcomeResults
{
    public static Results<Ok<T>, ValidationProblem, ProblemHttpResult> ToOk<T>(this Outcome<T> outcome, IStringLocalizer t)
    {
        if (outcome.Succeeded)
        {
            return TypedResults.Ok(outcome.Value!);
        }
        return outcome.Status == OutcomeStatus.Invalid ? outcome.AsValidationProblem(t) : outcome.AsProblem(t);
    }

    public static Results<Created<T>, ValidationProblem, ProblemHttpResult> ToCreated<T>(this Outcome<T> outcome, string location, IStringLocalizer t)
    {
        if (outcome.Succeeded)
        {
            return TypedResults.Created(location, outcome.Value!);
        }
        return outcome.Status == OutcomeStatus.Invalid ? outcome.AsValidationProblem(t) : outcome.AsProblem(t);
    }

    private static ValidationProblem AsValidationProblem<T>(this Outcome<T> outcome, IStringLocalizer t) => (ValidationProblem)outcome.ToHttpResult(localizer: t);

    private static ProblemHttpResult AsProblem<T>(this Outcome<T> outcome, IStringLocalizer t) => (ProblemHttpResult)outcome.ToHttpResult(localizer: t);
}
