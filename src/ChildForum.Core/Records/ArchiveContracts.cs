using System.Text;
using ChildForum.Core.Security;

namespace ChildForum.Core.Records;

/// <summary>A module's part of a working group's archive (the ZIP that facilitators take away as the group's record).
/// Each module writes what it owns, from its own tables, as the group's readers read it: published content only, no
/// hidden messages, and under a meeting's Chatham House no name or organisation, only stakeholder types. Sources run in
/// <see cref="Order"/>; the files source runs last, because it keeps only attachments whose owner another source wrote
/// (<see cref="ArchiveContext.Wrote"/>).</summary>
public interface IArchiveSource
{
    /// <summary>The ZIP's top folder for this source and the key of its count in <c>manifest.json</c> (<c>threads</c>, …).</summary>
    string Section { get; }

    int Order { get; }

    Task WriteAsync(ArchiveContext context, CancellationToken cancellationToken);
}

/// <summary>What a source writes into: entries by path, and the facts that go into the manifest. Paths are relative,
/// '/'-separated, made of <see cref="ArchivePaths.Segment"/>s; the archive refuses any other path.</summary>
public abstract class ArchiveContext(GroupAccess readers, DateTime generatedAtUtc)
{
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);

    /// <summary>The group seen as one of its readers sees it (an observer: no facilitator-only content), for the
    /// modules' own reader views. It is not an access decision: the facilitator was checked when the archive was asked
    /// for and is checked again before the build and at download.</summary>
    public GroupAccess Readers { get; } = readers;

    public int GroupId => Readers.GroupId;

    public DateTime GeneratedAtUtc { get; } = generatedAtUtc;

    public abstract Task AddMarkdownAsync(string path, string markdown, CancellationToken cancellationToken);

    public abstract Task AddJsonAsync<T>(string path, T value, CancellationToken cancellationToken);

    /// <summary>Copies a stored file (by its SHA-256 in the file store) into the archive.</summary>
    public abstract Task AddFileAsync(string path, string sha256, CancellationToken cancellationToken);

    /// <summary>Adds <paramref name="count"/> to the manifest's count of <paramref name="what"/> (<c>messages</c>, …).</summary>
    public abstract void Count(string what, int count);

    /// <summary>Marks a thing as written (<c>message:12</c>, <c>agenda-item:3</c>, <c>draft:5</c>): the kinds and ids of
    /// the core <c>IGroupContent</c>, so that a file attached to it goes into the archive too.</summary>
    public void Wrote(string kind, int id) => _written.Add(Key(kind, id));

    public bool WasWritten(string kind, int id) => _written.Contains(Key(kind, id));

    private static string Key(string kind, int id) => kind + ":" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Who reads what an archive holds.</summary>
public static class ArchiveAudience
{
    /// <summary>The group as an observer (its least reader) reads it: what every reader of the group may read.</summary>
    public static GroupAccess Readers(GroupAccess group) => group with { Role = GroupRole.Observer, IsAdministrator = false };
}

/// <summary>Paths inside an archive, built only from ids and cleaned names: no user's text can climb out of a folder or
/// name a device.</summary>
public static class ArchivePaths
{
    public const int MaxSegmentLength = 80;

    /// <summary><c>{id}-{name}</c> with the name reduced to letters, digits, '.', '-' and '_' (any script), at most
    /// <see cref="MaxSegmentLength"/> characters; the id keeps segments unique.</summary>
    public static string Segment(int id, string? name)
    {
        var text = new StringBuilder();
        foreach (var c in (name ?? "").Normalize(NormalizationForm.FormC))
        {
            text.Append(char.IsLetterOrDigit(c) || c is '-' or '_' || (c == '.' && text.Length > 0) ? c : '-');
        }
        var cleaned = string.Join('-', text.ToString().Split('-', StringSplitOptions.RemoveEmptyEntries)).Trim('.');
        var segment = id.ToString(System.Globalization.CultureInfo.InvariantCulture) + (cleaned.Length > 0 ? "-" + cleaned : "");
        return segment.Length > MaxSegmentLength ? segment[..MaxSegmentLength] : segment;
    }

    /// <summary>Whether a path is one the archive accepts: relative segments, none empty, '.' or '..', no '\' or ':'.</summary>
    public static bool IsValid(string path) =>
        path.Length is > 0 and <= 400 && !path.Contains('\\', StringComparison.Ordinal) && !path.Contains(':', StringComparison.Ordinal)
        && path.Split('/').All(s => s.Length > 0 && s != "." && s != ".." && !s.Any(char.IsControl));
}

/// <summary>Markdown for archive entries.</summary>
public static class ArchiveMarkdown
{
    /// <summary>A title or name as literal text in Markdown (its special characters escaped, on one line).</summary>
    public static string Escape(string? text)
    {
        var escaped = new StringBuilder();
        foreach (var c in text ?? "")
        {
            if (c is '\r' or '\n')
            {
                escaped.Append(' ');
                continue;
            }
            if (c is '\\' or '`' or '*' or '_' or '{' or '}' or '[' or ']' or '(' or ')' or '#' or '+' or '-' or '.' or '!' or '|' or '<' or '>' or '~')
            {
                escaped.Append('\\');
            }
            escaped.Append(c);
        }
        return escaped.ToString();
    }

    /// <summary>A UTC time as the archive writes it: ISO 8601 to the second.</summary>
    public static string Time(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
