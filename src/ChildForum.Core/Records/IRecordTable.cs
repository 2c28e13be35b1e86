using ChildForum.Core.Security;

namespace ChildForum.Core.Records;

/// <summary>A table of a working group's records that a module offers as a CSV or XLSX file (attendance, decisions,
/// actions, positions). The module writes its rows as the group's readers read them on its pages and in its API, from
/// its own services: under a meeting's Chatham House no name or organisation, only stakeholder types. Who may export it
/// is <see cref="Permission"/>, decided through the <see cref="AccessRule"/> by the exporting module before any row is
/// asked for.</summary>
public interface IRecordTable
{
    /// <summary>The table's name in the route (<c>attendance</c>, <c>decisions</c>, …): lowercase ASCII letters.</summary>
    string Name { get; }

    /// <summary>What the caller must be allowed in the group to export this table.</summary>
    GroupPermission Permission { get; }

    /// <summary>The column headers in English; the file carries them in the caller's language.</summary>
    IReadOnlyList<string> Columns { get; }

    /// <summary>The rows, one <see cref="RecordValue"/> per column, as <paramref name="readers"/> (the group seen by its
    /// least reader, <see cref="ArchiveAudience.Readers"/>) reads them; produced one by one, so that a long table is
    /// never held whole.</summary>
    IAsyncEnumerable<IReadOnlyList<RecordValue>> RowsAsync(GroupAccess readers, CancellationToken cancellationToken);
}
