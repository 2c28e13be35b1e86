using System.Text;
using ChildForum.Core.Mail;
using ChildForum.Mail.Localization;
using Microsoft.Extensions.Localization;

namespace ChildForum.Mail.Services.Replies;

/// <summary>The mail that answers a reply which was not posted (<see cref="MailKinds.ReplyRefused"/>): why, in the
/// person's language, and what to do instead. It links to the thread only if the person may read it now (asked of the
/// module that owns threads, through the access rule); a forged address is answered without naming any thread.</summary>
public sealed class ReplyRefusalComposer(IEnumerable<IMailReplyTarget> targets, IStringLocalizer<MailResource> t) : IMailComposer
{
    public bool Composes(string kind) => kind == MailKinds.ReplyRefused;

    public async Task<MailContent?> ComposeAsync(MailContext context, CancellationToken cancellationToken)
    {
        MailText.UseCulture(context.Culture);
        if (ReplyRefusal.Reason(context.Request.Data) is not { } reason || Sentence(reason) is not { } why)
        {
            return null;
        }
        var body = new StringBuilder()
            .Append(MailText.Escape(t["Your reply by e-mail was not posted."])).Append("\n\n")
            .Append(MailText.Escape(why.Value)).Append('\n');
        if (reason != ReplyRefusal.Forged && MailText.SubjectId(context.Request.Subject, "thread") is { } threadId
            && targets.FirstOrDefault() is { } target
            && await target.FindThreadAsync((int)threadId, context.Principal, cancellationToken) is { } thread)
        {
            body.Append('\n').Append('[').Append(MailText.Escape(t["Open “{0}” on the site", thread.Title])).Append("](").Append(context.Link(thread.Path)).Append(")\n");
        }
        return new MailContent(t["Your reply was not posted"], body.ToString());
    }

    private LocalizedString? Sentence(string reason) => reason switch
    {
        ReplyRefusal.Forged => t["The address you replied to is not a reply address of this site for you. Answer a notification mail that was sent to you, from the address it was sent to, or write on the site."],
        nameof(MailReplyStatus.NotFound) => t["You can no longer read this thread: it was deleted, or you are no longer a member of its group."],
        nameof(MailReplyStatus.MayNotPost) => t["Your role in this group lets you read its threads but not write in them. Ask a facilitator if you should take part."],
        nameof(MailReplyStatus.Locked) => t["The thread is locked: a facilitator has closed it to new messages."],
        nameof(MailReplyStatus.Empty) => t["Nothing was left of your mail once the quoted earlier mail and your signature were taken out. Write your answer above the quoted text and send it again."],
        nameof(MailReplyStatus.TooLong) => t["Your reply is longer than a message may be. Shorten it, or split it into several messages on the site."],
        nameof(MailReplyStatus.TooQuick) => t["You sent messages too quickly. Wait a moment and send your reply again."],
        nameof(MailReplyStatus.IdNumber) => t["Your reply contains what looks like a Chinese resident ID number. ID numbers identify a person, often a child, and must never be posted. Remove it and send your reply again."],
        nameof(MailReplyStatus.PersonalData) => t["Your reply contains a phone number or e-mail address. If it is about a child, remove it and send your reply again. If it is right to share it, write the message on the site, where you can confirm it; the facilitators will be told."],
        nameof(MailReplyStatus.Refused) => t["The site could not accept your reply. Write it on the site instead."],
        _ => null,
    };
}
