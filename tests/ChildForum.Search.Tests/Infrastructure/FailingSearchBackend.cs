using ChildForum.Core.Search;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Search.Tests.Infrastructure;

/// <summary>When <see cref="FailingSearchBackend"/> fails its writes. A test arms it after the host has built its index.</summary>
public sealed class BackendGate
{
    private int _failuresLeft;
    private int _replaceCalls;
    private int _failures;
    private int _callsWithWord;
    private volatile string? _onlyWith;

    /// <summary>The backend writes to the index first, then throws (a crash after the write, before the outbox rows are deleted).</summary>
    public bool WriteBeforeFailing { get; private set; }

    public int ReplaceCalls => Volatile.Read(ref _replaceCalls);

    /// <summary>How many calls this gate has failed.</summary>
    public int Failures => Volatile.Read(ref _failures);

    /// <summary>How many calls carried a document with the <c>onlyWith</c> word (failed or not).</summary>
    public int CallsWithWord => Volatile.Read(ref _callsWithWord);

    /// <summary>The next <paramref name="calls"/> calls of ReplaceAsync fail; -1: every call fails until <see cref="Open"/>.
    /// With <paramref name="onlyWith"/>, only batches carrying a document with that word count (and fail): a batch of
    /// something else the site indexes meanwhile (another save, a follower) neither fails nor uses up a failure.</summary>
    public void FailNext(int calls, bool writeBeforeFailing = false, string? onlyWith = null)
    {
        WriteBeforeFailing = writeBeforeFailing;
        _onlyWith = onlyWith;
        Volatile.Write(ref _failuresLeft, calls);
    }

    public void Open() => Volatile.Write(ref _failuresLeft, 0);

    internal bool ShouldFail(IReadOnlyList<SearchDocument> documents)
    {
        Interlocked.Increment(ref _replaceCalls);
        if (_onlyWith is { } word && !documents.Any(d => d.Title.Contains(word, StringComparison.Ordinal) || d.Body.Contains(word, StringComparison.Ordinal)))
        {
            return false;
        }
        if (_onlyWith is not null)
        {
            Interlocked.Increment(ref _callsWithWord);
        }
        while (true)
        {
            var left = Volatile.Read(ref _failuresLeft);
            if (left == 0)
            {
                return false;
            }
            if (left < 0 || Interlocked.CompareExchange(ref _failuresLeft, left - 1, left) == left)
            {
                Interlocked.Increment(ref _failures);
                return true;
            }
        }
    }
}

/// <summary>Decorates the site's <see cref="ISearchBackend"/>: ReplaceAsync throws while the gate says so (an index that
/// cannot be written, or a process that dies mid-batch); everything else goes to the real backend.</summary>
public sealed class FailingSearchBackend(ISearchBackend inner, BackendGate gate) : ISearchBackend, IDisposable
{
    public const string Message = "Simulated search backend failure.";

    public async Task ReplaceAsync(IReadOnlyCollection<string> parents, IReadOnlyList<SearchDocument> documents, CancellationToken cancellationToken)
    {
        if (gate.ShouldFail(documents))
        {
            if (gate.WriteBeforeFailing)
            {
                await inner.ReplaceAsync(parents, documents, cancellationToken);
            }
            throw new IOException(Message);
        }
        await inner.ReplaceAsync(parents, documents, cancellationToken);
    }

    public Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken) => inner.SearchAsync(request, cancellationToken);

    public Task BeginRebuildAsync(CancellationToken cancellationToken) => inner.BeginRebuildAsync(cancellationToken);

    public Task CompleteRebuildAsync(CancellationToken cancellationToken) => inner.CompleteRebuildAsync(cancellationToken);

    public Task<long> CountAsync(CancellationToken cancellationToken) => inner.CountAsync(cancellationToken);

    public Task<bool> NeedsRebuildAsync(CancellationToken cancellationToken) => inner.NeedsRebuildAsync(cancellationToken);

    public IAsyncEnumerable<SearchHit> ExportAsync(SearchRequest request, int limit, CancellationToken cancellationToken) => inner.ExportAsync(request, limit, cancellationToken);

    public Task<SearchHealth> CheckHealthAsync(CancellationToken cancellationToken) => inner.CheckHealthAsync(cancellationToken);

    public void Dispose() => (inner as IDisposable)?.Dispose();

    /// <summary>Replaces the registered backend with this decorator around it (for <c>ConfigureTestServices</c>).</summary>
    public static void Decorate(IServiceCollection services, BackendGate gate)
    {
        var registered = services.Last(d => d.ServiceType == typeof(ISearchBackend));
        services.Remove(registered);
        services.AddSingleton<ISearchBackend>(sp => new FailingSearchBackend(
            registered.ImplementationFactory is { } factory ? (ISearchBackend)factory(sp)
            : registered.ImplementationInstance is ISearchBackend instance ? instance
            : (ISearchBackend)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!), gate));
    }
}
