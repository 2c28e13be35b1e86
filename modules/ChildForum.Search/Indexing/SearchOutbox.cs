using ChildForum.Core.Data;
using ChildForum.Core.Search;

namespace ChildForum.Search.Indexing;

/// <summary>Adds an outbox row to the caller's unit of work: it is saved (and committed) with the change itself,
/// and wakes the indexer once saved.</summary>
public sealed class SearchOutbox : ISearchOutbox
{
    private readonly ForumDbContext _db;
    private readonly IndexerSignal _signal;
    private bool _subscribed;

    public SearchOutbox(ForumDbContext db, IndexerSignal signal, TimeProvider clock)
    {
        _db = db;
        _signal = signal;
        Clock = clock;
    }

    private TimeProvider Clock { get; }

    public void Changed(string parent)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        _db.Add(new SearchOutboxEntry { Parent = parent, CreatedAt = now, NextAttemptAt = now });
        if (!_subscribed)
        {
            _subscribed = true;
            _db.SavedChanges += (_, _) => _signal.Wake();
        }
    }
}

/// <summary>Wakes the indexer without waiting for its next poll.</summary>
public sealed class IndexerSignal
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Wake()
    {
        if (_semaphore.CurrentCount == 0)
        {
            try
            {
                _semaphore.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already awake.
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _semaphore.WaitAsync(timeout, cancellationToken);
}
