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
        signal.WakeAfterSave(db, ref _subscribed);
    }
}

/// <summary>Wakes the search indexer.</summary>
public sealed class IndexerSignal : WakeSignal;
