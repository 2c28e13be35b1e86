namespace ChildForum.Core.Security;

/// <summary>Told when someone leaves a group (after the change is saved), so that modules holding live
/// state — hub groups, caches — can drop the person's access at once.</summary>
public interface IGroupMembershipListener
{
    Task MemberRemovedAsync(int groupId, string userId, CancellationToken cancellationToken);
}
