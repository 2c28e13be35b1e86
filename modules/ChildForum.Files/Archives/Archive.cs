namespace ChildForum.Files.Archives;

public static class ArchiveStatuses
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
}

/// <summary>A group's archive asked for by a facilitator: a row that <see cref="ArchiveBuilder"/> claims (one node
/// only), builds into a ZIP in the file store and marks done, or failed with a reason that holds no content.</summary>
public sealed class Archive
{
    public const int ErrorMaxLength = 500;
    public const int ClaimMaxLength = 100;

    public Guid Id { get; set; }
    public int GroupId { get; set; }
    public required string RequestedById { get; set; }
    public required string Status { get; set; }

    /// <summary>0–100: the share of the archive's sources written (100 once stored).</summary>
    public int Progress { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? CompletedAt { get; set; }

    /// <summary>The ZIP's address in the file store, once done.</summary>
    public string? Sha256 { get; set; }
    public long? Size { get; set; }

    /// <summary>Why it failed: an exception's type and the step, never a text of the group.</summary>
    public string? Error { get; set; }

    /// <summary>The node building it, and until when its claim holds (renewed with each step; a crashed node's claim lapses).</summary>
    public string? ClaimedBy { get; set; }
    public DateTime? ClaimedUntil { get; set; }
}
