namespace ChildForum.Core.Content;

/// <summary>Who may read an item of a group, as its own module decides it. Things that belong to the item (files attached
/// to a message, papers of an agenda item) are read by exactly these people, through the core access rule.</summary>
public enum ContentAudience
{
    /// <summary>No one: the item is gone (deleted) or does not exist in the group.</summary>
    Nobody,

    /// <summary>Only the group's facilitators (and administrators): a hidden message, an agenda not yet published.</summary>
    Facilitators,

    /// <summary>Everyone who may read the group.</summary>
    Readers,
}

/// <summary>A module's content that other modules may link to or attach things to without referencing the module (an
/// agenda item that points at a policy draft or a thread, a file on a message). Each module registers one per kind it owns.</summary>
public interface IGroupContent
{
    /// <summary>"draft", "thread", …</summary>
    string Kind { get; }

    /// <summary>The title of the item when it exists in the group, otherwise null.</summary>
    Task<string?> TitleAsync(int id, int groupId, CancellationToken cancellationToken);

    /// <summary>The page of the item.</summary>
    string Url(string groupSlug, int id);

    /// <summary>Who may read each of these items of the group, in one query for a list; an id that is not an item of the
    /// group maps to <see cref="ContentAudience.Nobody"/>. Every id asked for is in the answer.</summary>
    Task<IReadOnlyDictionary<int, ContentAudience>> AudiencesAsync(IReadOnlyCollection<int> ids, int groupId, CancellationToken cancellationToken);

    /// <summary>The items whose audience may have changed when one of these search parents (this module's own keys, e.g.
    /// <c>message:3:7</c>, <c>meeting:4</c>) is queued for indexing: the module queues its parent whenever it hides,
    /// publishes or withdraws something, so things attached to the items follow without another hook. Parents of
    /// other kinds are ignored.</summary>
    Task<IReadOnlyList<int>> ItemsOfSearchParentsAsync(IReadOnlyCollection<string> parents, CancellationToken cancellationToken);
}
