using ChildForum.PolicyDrafts.Models;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.Extensions.Localization;

namespace ChildForum.PolicyDrafts.Areas.PolicyDrafts.Pages;

/// <summary>Words for statuses and stances in the page's language.</summary>
public static class DraftLabels
{
    public static string StatusLabel(this IHtmlHelper _, string status, IStringLocalizer t) => Status(status, t);

    public static string Status(string status, IStringLocalizer t) => status switch
    {
        DraftStatuses.Drafting => t["drafting"],
        DraftStatuses.Consultation => t["in consultation"],
        DraftStatuses.Final => t["final"],
        DraftStatuses.Adopted => t["adopted"],
        DraftStatuses.Withdrawn => t["withdrawn"],
        _ => status,
    };

    public static string Stance(string stance, IStringLocalizer t) => stance switch
    {
        Stances.Support => t["Support"],
        Stances.SupportWithChanges => t["Support with changes"],
        Stances.Oppose => t["Oppose"],
        Stances.Abstain => t["Abstain"],
        _ => stance,
    };

    public static string Stakeholder(string type, IStringLocalizer t) => type switch
    {
        "cso" => t["Civil society"],
        "university" => t["Universities"],
        "business" => t["Business"],
        "government" => t["Government"],
        _ => type,
    };
}
