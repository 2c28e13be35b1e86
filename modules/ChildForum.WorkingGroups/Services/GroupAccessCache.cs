using ChildForum.Core.Cluster;
using ChildForum.Core.Data;
using ChildForum.Core.Security;

namespace ChildForum.WorkingGroups.Services;

/// <summary>A group as one person's access sees it: the group's name and visibility, and the person's role in it.</summary>
public sealed record AccessRow(int Id, string Slug, string Name, GroupVisibility Visibility, GroupRole? Role);

/// <summary>Which group (by id, or by slug with <see cref="Id"/> 0) and who asks (null: a visitor not signed in).</summary>
public readonly record struct AccessKey(int Id, string? Slug, string? UserId);

/// <summary>Every page, API call, post and hub join asks for the caller's access to a group; each node keeps the answers
/// until a write to a group or a membership, or a person's deletion, is committed anywhere in the site (<see cref="KeptUntilWritten{TKey, TValue}"/>),
/// so access taken away ends everywhere the moment the change is confirmed, as when every decision read the database.
/// A person's deletion removes their memberships by cascade, without a statement on <c>Memberships</c>, hence a delete
/// from people counts too. Other writes to people do not: an answer holds nothing of the person's row (a lock ends the
/// person's sessions, not their memberships), so a changed name or password need not empty every node's answers.</summary>
public sealed class GroupAccessCache(IClusterBus cluster) : KeptUntilWritten<AccessKey, AccessRow?>(cluster)
{
    private static readonly HashSet<string> Watched = new(StringComparer.Ordinal) { "WorkingGroups", "Memberships" };

    public override string Topic => "group-access";

    protected override IReadOnlySet<string> Tables => Watched;

    public override bool Watches(TableWrite write) => base.Watches(write) || write is { Table: "AspNetUsers", Kind: WriteKind.Delete };

    public Task<AccessRow?> ByIdAsync(int groupId, string? userId, Func<Task<AccessRow?>> read) =>
        GetAsync(new AccessKey(groupId, null, userId), read);

    public Task<AccessRow?> BySlugAsync(string slug, string? userId, Func<Task<AccessRow?>> read) =>
        GetAsync(new AccessKey(0, slug, userId), read);
}
