using ChildForum.Core.Organisations;
using ChildForum.Core.Security;

namespace ChildForum.WorkingGroups.Models;

public sealed record OrganisationDto(int Id, string Name, StakeholderType StakeholderType)
{
    public static OrganisationDto From(Organisation o) => new(o.Id, o.Name, o.StakeholderType);
}

public sealed record GroupDto(
    int Id, string Slug, string Name, string Description, GroupVisibility Visibility, GroupRole? MyRole,
    int MemberCount, IReadOnlyDictionary<string, int> Stakeholders);

public sealed record MemberDto(
    string UserId, string DisplayName, string? Email, OrganisationDto Organisation, GroupRole Role, DateTimeOffset AddedAt);

public sealed record AddedMemberDto(
    string UserId, string DisplayName, string? Email, OrganisationDto Organisation, GroupRole Role, DateTimeOffset AddedAt,
    string? InvitationUrl)
{
    public static AddedMemberDto From(MemberDto member, string? invitationUrl) =>
        new(member.UserId, member.DisplayName, member.Email, member.Organisation, member.Role, member.AddedAt, invitationUrl);
}

public sealed record OrganisationRequest(string? Name, string? StakeholderType);
public sealed record CreateGroupRequest(string? Slug, string? Name, string? Description, string? Visibility, bool? ConfirmPersonalData = null);
public sealed record UpdateGroupRequest(string? Name, string? Description, string? Visibility, bool? ConfirmPersonalData = null);
public sealed record AddMemberRequest(string? Email, string? Role, string? DisplayName, int? OrganisationId);
public sealed record ChangeRoleRequest(string? Role);
