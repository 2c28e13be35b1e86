namespace ChildForum.Core.Security;

/// <summary>Told when someone leaves a group, or a group stops being public (after the change is saved), so that modules holding live
/// state — hub groups, caches — can drop the person's access at once.</summary>
public interface IGroupMembershipListener
{
    Task MemberRemovedAsync(int groupId, string userId, CancellationToken cancellationToken);

    /// <summary>A public group became members-only: people who are not members (nor administrators) lose access.</summary>
    Task GroupClosedAsync(int groupId, CancellationToken cancellationToken);
}
