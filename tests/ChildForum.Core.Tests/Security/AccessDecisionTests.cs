using ChildForum.Core.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChildForum.Core.Tests.Security;

/// <summary>A refusal reaches the caller in the access rule's words, once, through every path a module may take.</summary>
public sealed class AccessDecisionTests
{
    private const string Sentence = "There is no thread here, or you may not see it.";

    [Fact]
    public void A_not_found_passed_on_as_an_outcome_keeps_the_rules_sentence_as_it_is()
    {
        var decision = new AccessDecision(null, AccessRefusal.NotFound, Sentence);

        var problem = Assert.IsType<ProblemHttpResult>(decision.ToOutcome<int>().Failure<string>().ToHttpResult());

        Assert.Equal(404, problem.StatusCode);
        Assert.Equal(Sentence, problem.ProblemDetails.Detail);
    }

    [Fact]
    public void A_not_found_answered_directly_reads_the_same() =>
        Assert.Equal(Sentence, new AccessDecision(null, AccessRefusal.NotFound, Sentence).ToProblem().ProblemDetails.Detail);

    [Fact]
    public void A_refused_decision_holds_no_group_to_act_on()
    {
        var decision = new AccessDecision(null, AccessRefusal.Forbidden, "No.");

        Assert.False(decision.Allowed);
        Assert.Throws<InvalidOperationException>(() => decision.Group);
    }
}
