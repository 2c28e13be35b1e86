using ChildForum.Core.Localization;
using ChildForum.Core.Organisations;
using ChildForum.Core.Security;

namespace ChildForum.WorkingGroups.Services;

/// <summary>Roles, visibilities and stakeholder types as phrases of stored texts (audit entries), in the words the pages
/// use for them.</summary>
public static class GroupWords
{
    public static NoticeText Role(GroupRole role) => role switch
    {
        GroupRole.Facilitator => Notice.T["Facilitator"],
        GroupRole.Member => Notice.T["Member"],
        _ => Notice.T["Observer"],
    };

    public static NoticeText Visibility(GroupVisibility visibility) => visibility switch
    {
        GroupVisibility.Public => Notice.T["Public"],
        _ => Notice.T["Members only"],
    };

    public static NoticeText Stakeholder(StakeholderType type) => type switch
    {
        StakeholderType.Cso => Notice.T["Civil-society organisation"],
        StakeholderType.University => Notice.T["University"],
        StakeholderType.Business => Notice.T["Business"],
        _ => Notice.T["Government"],
    };
}
