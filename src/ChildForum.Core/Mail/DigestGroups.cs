using ChildForum.Core.Security;

namespace ChildForum.Core.Mail;

/// <summary>The groups a digest source may report on: those it was given that the access rule still lets the recipient
/// read, asked once per person (<see cref="AccessRule.ReadableGroupsAsync"/>, or the answer the composer already had in
/// <see cref="DigestContext.ReadableGroups"/>) rather than once per group.</summary>
public static class DigestGroups
{
    public static async Task<IReadOnlyDictionary<int, GroupAccess>> ReadableAsync(AccessRule rule, DigestContext context, IReadOnlyCollection<int> groupIds, CancellationToken cancellationToken)
    {
        if (groupIds.Count == 0)
        {
            return new Dictionary<int, GroupAccess>();
        }
        var readable = context.ReadableGroups ?? await rule.ReadableGroupsAsync(context.Principal, cancellationToken);
        return readable.Where(g => groupIds.Contains(g.GroupId) && rule.Check(context.Principal, g, GroupPermissions.Read).Allowed).ToDictionary(g => g.GroupId);
    }
}
