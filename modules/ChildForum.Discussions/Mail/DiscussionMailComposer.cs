using System.Globalization;
using System.Text;
using ChildForum.Core.Data;
using ChildForum.Core.Mail;
using ChildForum.Core.Security;
using ChildForum.Discussions.Localization;
using ChildForum.Discussions.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Localization;

namespace ChildForum.Discussions.Mail;

/// <summary>A mention and a reply to one's message: the message as it reads now (its latest edit; nothing once it is
/// deleted or hidden by a facilitator), if the recipient may still read the thread's group. The mail answers into the
/// thread (<see cref="MailContent.ReplyThreadId"/>).</summary>
public sealed class DiscussionMailComposer(ForumDbContext db, AccessRule rule, IConfiguration configuration, IStringLocalizer<DiscussionsResource> t) : IMailComposer
{
    public static string Subject(long messageId) => "message:" + messageId.ToString(CultureInfo.InvariantCulture);

    public bool Composes(string kind) => kind is MailKinds.Mention or MailKinds.Reply;

    public async Task<MailContent?> ComposeAsync(MailContext context, CancellationToken cancellationToken)
    {
        MailText.UseCulture(context.Culture);
        if (MailText.SubjectId(context.Request.Subject, "message") is not { } id)
        {
            return null;
        }
        var found = await (from m in db.Set<Message>().AsNoTracking()
                           join x in db.Set<DiscussionThread>() on m.ThreadId equals x.Id
                           join u in db.Users on m.AuthorId equals u.Id
                           where m.Id == id
                           select new { Message = m, Thread = x, Author = u.DisplayName }).SingleOrDefaultAsync(cancellationToken);
        if (found is null || found.Message.Deleted || found.Message.Hidden)
        {
            return null;
        }
        var decision = await rule.CheckAsync(context.Principal, found.Thread.GroupId, GroupPermissions.Read, cancellationToken);
        if (!decision.Allowed)
        {
            return null;
        }
        var group = decision.Group;
        var mention = context.Request.Kind == MailKinds.Mention;
        var link = context.Link($"/groups/{group.Slug}/threads/{found.Thread.Id}#m{found.Message.Seq.ToString(CultureInfo.InvariantCulture)}");
        var body = new StringBuilder()
            .Append(MailText.Escape(mention
                ? t["{0} mentioned you in “{1}” ({2}):", found.Author, found.Thread.Title, group.Name]
                : t["{0} answered your message in “{1}” ({2}):", found.Author, found.Thread.Title, group.Name]))
            .Append("\n\n").Append(MailText.Quote(found.Message.Body)).Append("\n\n")
            .Append('[').Append(MailText.Escape(t["Open the message in its thread"])).Append("](").Append(link).Append(")\n");
        if (!string.IsNullOrEmpty(configuration["Mail:ReplyAddress"]))
        {
            body.Append('\n').Append(MailText.Escape(t["Answer this mail to post your reply in the thread."])).Append('\n');
        }
        var subject = mention ? t["{0} mentioned you: {1}", found.Author, found.Thread.Title] : t["{0} answered you: {1}", found.Author, found.Thread.Title];
        return new MailContent(subject, body.ToString(), found.Thread.Id);
    }
}
