using System.Globalization;
using System.Text;
using ChildForum.Core.Data;
using ChildForum.Core.Records;
using ChildForum.Discussions.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Discussions.Records;

/// <summary>The group's threads in its archive, one Markdown file each (<c>threads/{id}-{title}.md</c>): every message
/// its readers see, in order, with its author as the thread page shows them (name and organisation; discussions have no
/// Chatham House). Hidden (moderated) and deleted messages are left out, as they are for readers.</summary>
public sealed class ThreadArchiveSource(ForumDbContext db) : IArchiveSource
{
    public string Section => "threads";

    public int Order => 10;

    public async Task WriteAsync(ArchiveContext context, CancellationToken cancellationToken)
    {
        var threads = await db.Set<DiscussionThread>().AsNoTracking().Where(t => t.GroupId == context.GroupId).OrderBy(t => t.Id).ToListAsync(cancellationToken);
        var messages = 0;
        foreach (var thread in threads)
        {
            var rows = await (from m in db.Set<Message>().AsNoTracking()
                              join u in db.Users on m.AuthorId equals u.Id
                              join o in db.Organisations on u.OrganisationId equals o.Id
                              where m.ThreadId == thread.Id && !m.Deleted && !m.Hidden
                              orderby m.Seq
                              select new { Message = m, u.DisplayName, Organisation = o.Name }).ToListAsync(cancellationToken);
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"# {ArchiveMarkdown.Escape(thread.Title)}\n\nStarted {ArchiveMarkdown.Time(thread.CreatedAt)}; {rows.Count} messages.\n");
            foreach (var row in rows)
            {
                var m = row.Message;
                text.Append(CultureInfo.InvariantCulture, $"\n---\n\n### #{m.Seq} {ArchiveMarkdown.Escape(row.DisplayName)} ({ArchiveMarkdown.Escape(row.Organisation)}), {ArchiveMarkdown.Time(m.CreatedAt)}");
                if (m.EditedAt is { } edited)
                {
                    text.Append(CultureInfo.InvariantCulture, $", edited {ArchiveMarkdown.Time(edited)}");
                }
                text.Append("\n\n");
                if (m.ReplyToId is { } replyTo && rows.FirstOrDefault(r => r.Message.Id == replyTo) is { } quoted)
                {
                    text.Append(CultureInfo.InvariantCulture, $"*In reply to #{quoted.Message.Seq}.*\n\n");
                }
                text.Append(m.Body.TrimEnd()).Append('\n');
                if (m.Id <= int.MaxValue)
                {
                    context.Wrote("message", (int)m.Id);
                }
            }
            await context.AddMarkdownAsync($"{Section}/{ArchivePaths.Segment(thread.Id, thread.Title)}.md", text.ToString(), cancellationToken);
            context.Wrote("thread", thread.Id);
            messages += rows.Count;
        }
        context.Count(Section, threads.Count);
        context.Count("messages", messages);
    }
}
