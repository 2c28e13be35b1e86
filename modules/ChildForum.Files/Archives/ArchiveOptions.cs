namespace ChildForum.Files.Archives;

/// <summary>The <c>Files:Archives</c> configuration section (an extension: docs/api-extensions.md).</summary>
public sealed class ArchiveOptions
{
    public const string Section = "Files:Archives";

    /// <summary>How often a node looks for queued archives when no request on it woke the builder.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a node's claim on an archive holds without a sign of progress; then another node takes it over.</summary>
    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>Wakes the <see cref="ArchiveBuilder"/> of this node when an archive is asked for here.</summary>
public sealed class ArchiveSignal : ChildForum.Core.Data.WakeSignal;
