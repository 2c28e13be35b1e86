using ChildForum.Core.Records;

namespace ChildForum.Files.Exports;

/// <summary>Writes a table's rows to a response body as they come, asynchronously only (a response body refuses
/// synchronous writes), so that no table is held whole in memory.</summary>
public interface IRecordWriter : IAsyncDisposable
{
    Task WriteAsync(IReadOnlyList<RecordValue> row, CancellationToken cancellationToken);

    /// <summary>Sends what is buffered (and for XLSX the end of the file).</summary>
    Task FinishAsync(CancellationToken cancellationToken);
}
