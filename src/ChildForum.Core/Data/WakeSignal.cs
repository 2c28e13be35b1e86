namespace ChildForum.Core.Data;

/// <summary>Wakes a background worker over an outbox (the search indexer, the mail sender) as soon as rows are saved,
/// instead of waiting for its next poll. Wakes given while it works are folded into one. Each worker registers a subclass
/// of its own, so that two workers' signals are never one service.</summary>
public abstract class WakeSignal
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

    /// <summary>Wakes <see langword="this"/> once the unit of work of <paramref name="db"/> is saved; call it for each row
    /// added, it subscribes once per context.</summary>
    public void WakeAfterSave(ForumDbContext db, ref bool subscribed)
    {
        if (!subscribed)
        {
            subscribed = true;
            db.SavedChanges += (_, _) => Wake();
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _semaphore.WaitAsync(timeout, cancellationToken);
}
