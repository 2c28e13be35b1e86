namespace ChildForum.Core.Search;

/// <summary>The kinds of hits, as the API names them.</summary>
public static class SearchTypes
{
    public const string Thread = "thread";
    public const string Message = "message";
    public const string Draft = "draft";
    public const string Meeting = "meeting";
    public const string Minutes = "minutes";

    /// <summary>A file's extracted text (PDF per page, DOCX, XLSX, text, Markdown), with the audience of what it belongs to.</summary>
    public const string Document = "document";

    public static readonly IReadOnlyList<string> All = [Thread, Message, Draft, Meeting, Minutes, Document];
}

/// <summary>Who may see a document besides the group's readers.</summary>
public static class SearchAudiences
{
    /// <summary>Everyone who may read the group.</summary>
    public const string Readers = "readers";

    /// <summary>Only the group's facilitators (an agenda before it is published).</summary>
    public const string Facilitators = "facilitators";
}

/// <summary>One searchable piece of content. A content item (its <see cref="Parent"/>, e.g. <c>draft:5</c>) may yield
/// several documents (one per paragraph or agenda item); the indexer always replaces all documents of a parent together.</summary>
/// <param name="Key">Unique per document, e.g. <c>draft:5:p-1a2b3c4d5e</c>.</param>
/// <param name="Parent">The content item, e.g. <c>draft:5</c>: the unit the outbox and the indexer work in.</param>
/// <param name="Id">The id the API shows for the hit (the draft's, the message's…).</param>
/// <param name="Body">Plain text (Markdown is fine: it is indexed as text and snippets are escaped).</param>
/// <param name="Language">BCP 47 tag: en, zh-Hans, da, sv; chooses the analyzer.</param>
/// <param name="Stakeholders">Stakeholder types of the people whose words these are (author, speakers).</param>
public sealed record SearchDocument(
    string Key, string Parent, string Type, string Id, int GroupId, string Title, string Body, string Url,
    DateTimeOffset Date, string Language, IReadOnlyList<string> Stakeholders, string Audience = SearchAudiences.Readers);

/// <summary>A module's content, readable by parent key. Registered once per type it owns.</summary>
public interface ISearchSource
{
    /// <summary>The parent prefix it answers for, e.g. "draft" for parents "draft:5".</summary>
    string Kind { get; }

    /// <summary>The current documents of each parent; a parent whose content is gone (or no longer searchable) maps to none.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<SearchDocument>>> LoadAsync(IReadOnlyList<string> parents, CancellationToken cancellationToken);

    /// <summary>Every parent key, for a full reindex.</summary>
    IAsyncEnumerable<string> AllParentsAsync(CancellationToken cancellationToken);
}

/// <summary>Content whose search documents depend on another module's parent (a file inherits who may read it from the
/// message or agenda item it is attached to). When the indexer handles a batch of parents it asks every follower for
/// the parents that follow them and indexes those in the same batch, so hiding a message or publishing an agenda needs
/// no other hook: the owner already queues its own parent in the same unit of work as the change.</summary>
public interface ISearchFollower
{
    /// <summary>The parents (of this module) that follow any of <paramref name="parents"/>; none when none does.</summary>
    Task<IReadOnlyList<string>> FollowersAsync(IReadOnlyList<string> parents, CancellationToken cancellationToken);
}

/// <summary>Records that a content item changed, in the caller's unit of work (the same transaction as the change):
/// the indexer picks it up after commit, so an update is never lost.</summary>
public interface ISearchOutbox
{
    void Changed(string parent);
}

/// <summary>A row of the outbox: a parent key to (re)index.</summary>
public sealed class SearchOutboxEntry
{
    public long Id { get; set; }
    public required string Parent { get; set; }
    public DateTime CreatedAt { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public string? LastError { get; set; }
}
