using ChildForum.Core.Data;
using ChildForum.Core.Search;

namespace ChildForum.Search.Indexing;

/// <summary>Adds an outbox row to the caller's unit of work: it is saved (and committed) with the change itself,
/// and wakes the indexer once saved.</summary>
public sealed class SearchOutbox(ForumDbContext db, IndexerSignal signal, TimeProvider clock) : ISearchOutbox
{
    private bool _subscribed;

    public void Changed(string parent)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        db.Add(new SearchOutboxEntry { Parent = parent, CreatedAt = now, NextAttemptAt = now });
        if (!_subscribed)
        {
            _subscribed = true;
            db.SavedChanges += (_, _) => signal.Wake();
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
