namespace ChildForum.Core.Content;

/// <summary>A module's content that other modules may link to without referencing the module (an agenda item
/// that points at a policy draft or a thread). Each module registers one per kind it owns.</summary>
public interface IGroupContent
{
    /// <summary>"draft", "thread", …</summary>
    string Kind { get; }

    /// <summary>The title of the item when it exists in the group, otherwise null.</summary>
    Task<string?> TitleAsync(int id, int groupId, CancellationToken cancellationToken);

    /// <summary>The page of the item.</summary>
    string Url(string groupSlug, int id);
}
