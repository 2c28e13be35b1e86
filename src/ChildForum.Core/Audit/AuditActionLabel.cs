using ChildForum.Core.Localization;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Core.Audit;

/// <summary>What an action of the audit log is called on the audit page, as a phrase of the module that records it
/// (<c>Notice.T</c>, so it is read in the administrator's language). A module registers one for each action it records
/// (a test holds every action the code records to one); an action without one shows its code.</summary>
public sealed record AuditActionLabel(string Action, NoticeText Label);

public static class AuditActionServiceCollectionExtensions
{
    public static IServiceCollection AddAuditActions(this IServiceCollection services, params (string Action, NoticeText Label)[] actions)
    {
        foreach (var (action, label) in actions)
        {
            services.AddSingleton(new AuditActionLabel(action, label));
        }
        return services;
    }
}
