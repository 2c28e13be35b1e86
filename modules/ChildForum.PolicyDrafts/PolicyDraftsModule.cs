using ChildForum.Core.Audit;
using ChildForum.Core.Localization;
using ChildForum.Core.Data;
using ChildForum.Core.Mail;
using ChildForum.Core.Navigation;
using ChildForum.Core.Notifications;
using ChildForum.Core.Recipes;
using ChildForum.PolicyDrafts.Data;
using ChildForum.PolicyDrafts.Endpoints;
using ChildForum.PolicyDrafts.Localization;
using ChildForum.PolicyDrafts.Mail;
using ChildForum.PolicyDrafts.Recipes;
using ChildForum.PolicyDrafts.Services;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChildForum.PolicyDrafts;

/// <summary>Policy drafts: versions with stable paragraph anchors, diffs, paragraph comments, amendments,
/// organisations' positions; the API, the pages and the "drafts" recipe step.</summary>
public static class PolicyDraftsModule
{
    public static IHostApplicationBuilder AddPolicyDrafts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<IModelContributor, PolicyDraftsModel>();
        services.AddNoticeTexts<PolicyDraftsResource>();
        services.AddAuditActions(
            ("draft.created", Notice.T["Policy draft started"]),
            ("draft.status", Notice.T["Policy draft moved to another stage"]),
            ("draft.version", Notice.T["Policy draft version published"]),
            ("draft.personal-data", Notice.T["Policy draft: personal data confirmed"]),
            ("draft.position", Notice.T["Position stated"]),
            ("amendment.accepted", Notice.T["Amendment accepted"]),
            ("amendment.rejected", Notice.T["Amendment rejected"]));
        services.AddSingleton<DraftDocuments>();
        services.AddScoped<DraftService>();
        services.AddScoped<FeedbackService>();
        services.AddScoped<DraftReader>();
        services.AddScoped<IMailComposer, DraftMailComposer>();
        services.AddScoped<IDigestSource, DraftDigestSource>();
        services.AddScoped<IRecipeStep, DraftsRecipeStep>();
        services.AddScoped<ChildForum.Core.Content.IGroupContent, DraftContent>();
        services.AddScoped<ChildForum.Core.Search.ISearchSource, DraftSearchSource>();
        services.AddScoped<ChildForum.Core.Records.IArchiveSource, Records.DraftArchiveSource>();
        services.AddScoped<ChildForum.Core.Content.IDraftImportTarget, Import.DraftImportTarget>();
        services.AddScoped<ChildForum.Core.Records.IRecordTable, Records.PositionRecordTable>();
        services.AddSingleton(new GroupSection("GroupDrafts", 20));
        // One editor page for both the first version and the next ones.
        services.Configure<RazorPagesOptions>(options =>
            options.Conventions.AddAreaPageRoute("PolicyDrafts", "/Editor", "groups/{slug}/drafts/{id:int}/edit"));
        return builder;
    }

    public static IEndpointRouteBuilder MapPolicyDrafts(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapDraftEndpoints();
        return endpoints;
    }
}
