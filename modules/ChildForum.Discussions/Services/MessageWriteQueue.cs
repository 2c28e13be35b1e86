using System.Security.Claims;
using ChildForum.Core.Security;
using ChildForum.Discussions.Models;

namespace ChildForum.Discussions.Services;

/// <summary>Group commit of new messages on this node. A post that finds no write under way writes every post queued
/// at that moment (its own first) in one transaction, then hands the turn to the next post that queued meanwhile; the
/// others wait without a thread.
/// <para>Why: a post's transaction was its own, behind a gate (SQLite has one writer). Under load the gate's holder is
/// often descheduled among the broadcasts' work (the live benchmark at 75 messages a second: 12 ms in the gate for
/// about 1 ms of work, so the gate was full and posts waited 130 ms for it). Written in batches, the wait a batch costs
/// is shared by every post that arrived during it, so the rate a node can store no longer depends on that wait; one
/// commit (one fsync) stores the whole batch.</para>
/// <para>Nothing a post is promised changes: it is stored (seq taken in the same transaction) before anyone is told of
/// it, seqs stay gapless, and a post that breaks the batch (a retry racing its first attempt on the unique
/// author + clientMessageId) makes the batch fall back to one transaction per post, so the others still land.</para>
/// One per host (a singleton): each writes to its own database.</summary>
public sealed class MessageWriteQueue
{
    /// <summary>At most this many posts in one transaction.</summary>
    public const int MaxBatch = 64;

    private readonly Lock _lock = new();
    private readonly Queue<QueuedMessage> _waiting = new();
    private bool _writing;

    /// <summary>How many posts wait for their turn or for a write under way to take them.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>Returns once <paramref name="post"/> is settled (<see cref="QueuedMessage.Result"/>). When it is this
    /// caller's turn, it writes the batch with <paramref name="writeBatch"/> (its own services: its database context).
    /// Deliberately without a cancellation token: a caller handed the turn must take it, or the queue would stop.</summary>
    public async Task WriteAsync(QueuedMessage post, Func<IReadOnlyList<QueuedMessage>, Task> writeBatch)
    {
        bool lead;
        lock (_lock)
        {
            _waiting.Enqueue(post);
            lead = !_writing;
            _writing = true;
        }
        // Either another caller wrote this post (false), or it handed this caller the turn (true).
        if (!lead && !await post.Turn.Task)
        {
            return;
        }
        var batch = new List<QueuedMessage>();
        lock (_lock)
        {
            // The queue is first in, first out and a turn goes to the head, so this caller's post is in its batch.
            while (batch.Count < MaxBatch && _waiting.TryDequeue(out var next))
            {
                batch.Add(next);
            }
        }
        try
        {
            await writeBatch(batch);
        }
        catch (Exception exception)
        {
            foreach (var queued in batch)
            {
                queued.Settle(QueuedMessage.Outcome.Failed(exception));
            }
        }
        QueuedMessage? nextTurn = null;
        lock (_lock)
        {
            if (!_waiting.TryPeek(out nextTurn))
            {
                _writing = false;
            }
        }
        foreach (var queued in batch)
        {
            if (queued != post)
            {
                queued.Turn.TrySetResult(false);
            }
        }
        nextTurn?.Turn.TrySetResult(true);
    }
}

/// <summary>A checked post waiting to be written: the message (its body rendered and guarded) and what its write needs.</summary>
public sealed class QueuedMessage(Message message, GroupAccess group, DiscussionThread thread, ClaimsPrincipal author, bool needsFlag)
{
    public Message Message { get; } = message;
    public GroupAccess Group { get; } = group;
    public DiscussionThread Thread { get; } = thread;
    public ClaimsPrincipal Author { get; } = author;
    public bool NeedsFlag { get; } = needsFlag;

    /// <summary>The people the message mentions (notified in its transaction).</summary>
    public List<string> Mentioned { get; set; } = [];

    /// <summary>Completes when the post is written by another caller (false) or it is this caller's turn to write (true).</summary>
    internal TaskCompletionSource<bool> Turn { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Outcome? Result { get; private set; }

    /// <summary>The first settlement stands.</summary>
    public void Settle(Outcome outcome) => Result ??= outcome;

    /// <summary>How a post's write ended: stored; or an earlier attempt of the same post (same author and
    /// clientMessageId) was stored meanwhile; or its thread was deleted while it waited; or it failed. Made only by the
    /// four members below, so no outcome is two of these at once.</summary>
    public sealed class Outcome
    {
        private Outcome(Message? raced = null, Exception? error = null, bool threadGone = false) =>
            (Raced, Error, ThreadGone) = (raced, error, threadGone);

        public Message? Raced { get; }

        public Exception? Error { get; }

        public bool ThreadGone { get; }

        public static readonly Outcome Stored = new();

        public static readonly Outcome Gone = new(threadGone: true);

        public static Outcome RacedBy(Message stored) => new(raced: stored);

        public static Outcome Failed(Exception error) => new(error: error);
    }
}
