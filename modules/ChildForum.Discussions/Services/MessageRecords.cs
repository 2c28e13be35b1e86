using ChildForum.Core.Data;
using ChildForum.Core.Search;
using ChildForum.Discussions.Models;

namespace ChildForum.Discussions.Services;

/// <summary>What every change to a message adds to the same unit of work: the personal-data flag when the author
/// confirmed a phone number or e-mail address, and the search outbox entry.</summary>
public sealed class MessageRecords(ForumDbContext db, ISearchOutbox search, TimeProvider clock)
{
    /// <summary>The message (and, for the opening message, its thread) goes to the search outbox in this unit of work.</summary>
    public void Reindex(Message message)
    {
        search.Changed(MessageSearchSource.Parent(message.ThreadId, message.Seq));
        if (message.Seq == 1)
        {
            search.Changed(ThreadSearchSource.Parent(message.ThreadId));
        }
    }

    public void FlagPersonalData(Message message, bool needsFlag)
    {
        if (needsFlag)
        {
            db.Add(new MessageFlag
            {
                Message = message, Kind = FlagKind.PersonalData, Reason = "The author confirmed posting a phone number or e-mail address.",
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            });
        }
    }
}
