using ChildForum.Core.Localization;
using ChildForum.PolicyDrafts.Models;

namespace ChildForum.PolicyDrafts.Services;

/// <summary>Statuses and stances as phrases of stored texts (audit entries), in the words the pages use for them (a status
/// as the API names it). An unknown value is kept as written.</summary>
public static class DraftWords
{
    public static object Status(string status) => status switch
    {
        DraftStatuses.Drafting => Notice.T["drafting"],
        DraftStatuses.Consultation => Notice.T["consultation"],
        DraftStatuses.Final => Notice.T["final"],
        DraftStatuses.Adopted => Notice.T["adopted"],
        DraftStatuses.Withdrawn => Notice.T["withdrawn"],
        _ => status,
    };

    public static object Stance(string stance) => stance switch
    {
        Stances.Support => Notice.T["Support"],
        Stances.SupportWithChanges => Notice.T["Support with changes"],
        Stances.Oppose => Notice.T["Oppose"],
        Stances.Abstain => Notice.T["Abstain"],
        _ => stance,
    };
}
