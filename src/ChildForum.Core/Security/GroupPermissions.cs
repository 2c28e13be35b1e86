using Microsoft.AspNetCore.Authorization;

namespace ChildForum.Core.Security;

/// <summary>An operation on a working group, checked with
/// <c>IAuthorizationService.AuthorizeAsync(user, groupAccess, GroupPermissions.X)</c>.</summary>
public sealed class GroupPermission(string name) : IAuthorizationRequirement
{
    public string Name { get; } = name;
    public override string ToString() => Name;
}

/// <summary>Every group-level permission, declared once. Modules that add content to groups use these.</summary>
public static class GroupPermissions
{
    /// <summary>See the group and its content: public groups for everyone, members-only groups for members and administrators.</summary>
    public static readonly GroupPermission Read = new("Group.Read");

    /// <summary>Write content (messages, comments, amendments): members and facilitators, not observers.</summary>
    public static readonly GroupPermission Contribute = new("Group.Contribute");

    /// <summary>Add and remove members, moderate, publish agendas and minutes: facilitators and administrators.</summary>
    public static readonly GroupPermission Facilitate = new("Group.Facilitate");

    /// <summary>Change visibility or delete a group: administrators.</summary>
    public static readonly GroupPermission Administer = new("Group.Administer");
}

/// <summary>The caller's standing in one group (visibility, role, administrator), as <see cref="AccessRule"/> reads it.
/// It offers modules no decision of its own: they ask the rule.</summary>
public sealed record GroupAccess(int GroupId, string Slug, string Name, GroupVisibility Visibility, GroupRole? Role, bool IsAdministrator)
{
    internal bool CanRead => Visibility == GroupVisibility.Public || Role is not null || IsAdministrator;
    internal bool CanContribute => Role is GroupRole.Member or GroupRole.Facilitator;
    internal bool CanFacilitate => Role is GroupRole.Facilitator || IsAdministrator;
    internal bool CanAdminister => IsAdministrator;

    /// <summary>Internal: only <see cref="AccessRule"/> and the core's authorisation handler decide with it.</summary>
    internal bool Allows(GroupPermission permission) =>
        permission == GroupPermissions.Read ? CanRead
        : permission == GroupPermissions.Contribute ? CanContribute
        : permission == GroupPermissions.Facilitate ? CanFacilitate
        : permission == GroupPermissions.Administer && CanAdminister;
}

public sealed class GroupPermissionHandler : AuthorizationHandler<GroupPermission, GroupAccess>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, GroupPermission requirement, GroupAccess resource)
    {
        if (resource.Allows(requirement))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
