using System.Globalization;
using System.Text;
using ChildForum.Core.Mail;
using ChildForum.Core.Security;
using ChildForum.PolicyDrafts.Localization;
using ChildForum.PolicyDrafts.Models;
using ChildForum.PolicyDrafts.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ChildForum.PolicyDrafts.Mail;

/// <summary>A draft moved to consultation or adopted (to the group's members), and an amendment accepted or rejected (to
/// its proposer), composed as the recipient may read the draft when the mail is sent. A draft that has moved on since
/// (say, out of consultation again) is not announced with a stage it no longer has.</summary>
public sealed class DraftMailComposer(DraftService drafts, IStringLocalizer<PolicyDraftsResource> t) : IMailComposer
{
    public static string Subject(int draftId) => "draft:" + draftId.ToString(CultureInfo.InvariantCulture);

    public static MailRequest AmendmentDecided(Amendment amendment, int groupId) =>
        new(amendment.ProposerId, MailKinds.Amendment, groupId, "amendment:" + amendment.Id.ToString(CultureInfo.InvariantCulture), MailText.Data(new { decision = amendment.Status }));

    public bool Composes(string kind) => kind is MailKinds.DraftStage or MailKinds.Amendment;

    public async Task<MailContent?> ComposeAsync(MailContext context, CancellationToken cancellationToken)
    {
        MailText.UseCulture(context.Culture);
        return context.Request.Kind == MailKinds.DraftStage
            ? await StageAsync(context, cancellationToken)
            : await AmendmentAsync(context, cancellationToken);
    }

    private async Task<MailContent?> StageAsync(MailContext context, CancellationToken cancellationToken)
    {
        if (MailText.SubjectId(context.Request.Subject, "draft") is not { } id || id > int.MaxValue)
        {
            return null;
        }
        var decision = await drafts.CheckAsync((int)id, context.Principal, GroupPermissions.Read, cancellationToken);
        var status = MailText.String(context.Request.Data, "status");
        if (!decision.Allowed || decision.Access.Draft.Status != status || status is not (DraftStatuses.Consultation or DraftStatuses.Adopted))
        {
            return null;
        }
        var (draft, group) = (decision.Access.Draft, decision.Access.Group);
        var consultation = status == DraftStatuses.Consultation;
        var body = new StringBuilder()
            .Append(MailText.Escape(consultation
                ? t["The policy draft “{0}” in {1} is open for consultation: comment on its paragraphs, propose amendments and state your organisation's position.", draft.Title, group.Name]
                : t["The policy draft “{0}” in {1} was adopted.", draft.Title, group.Name]))
            .Append("\n\n[").Append(MailText.Escape(t["Read the draft"])).Append("](").Append(context.Link($"/groups/{group.Slug}/drafts/{draft.Id}")).Append(")\n");
        var subject = consultation ? t["Open for consultation: {0}", draft.Title] : t["Adopted: {0}", draft.Title];
        return new MailContent(subject, body.ToString());
    }

    private async Task<MailContent?> AmendmentAsync(MailContext context, CancellationToken cancellationToken)
    {
        if (MailText.SubjectId(context.Request.Subject, "amendment") is not { } id)
        {
            return null;
        }
        var amendment = await drafts.Db.Set<Amendment>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (amendment is null || amendment.ProposerId != context.Recipient.Id || amendment.Status == AmendmentStatuses.Open)
        {
            return null;
        }
        var decision = await drafts.CheckAsync(amendment.DraftId, context.Principal, GroupPermissions.Read, cancellationToken);
        if (!decision.Allowed)
        {
            return null;
        }
        var (draft, group) = (decision.Access.Draft, decision.Access.Group);
        var accepted = amendment.Status == AmendmentStatuses.Accepted;
        var body = new StringBuilder();
        if (accepted)
        {
            body.Append(MailText.Escape(amendment.ResultVersion is { } version
                ? t["Your amendment to the policy draft “{0}” in {1} was accepted: it is part of version {2}.", draft.Title, group.Name, version]
                : t["Your amendment to the policy draft “{0}” in {1} was accepted.", draft.Title, group.Name]));
            body.Append("\n\n").Append(MailText.Quote(amendment.ProposedText));
        }
        else
        {
            body.Append(MailText.Escape(t["Your amendment to the policy draft “{0}” in {1} was not accepted.", draft.Title, group.Name]));
            if (!string.IsNullOrWhiteSpace(amendment.Reason))
            {
                body.Append("\n\n").Append(MailText.Escape(t["The facilitator's reason:"])).Append("\n\n").Append(MailText.Quote(amendment.Reason));
            }
        }
        body.Append("\n\n[").Append(MailText.Escape(t["See the amendment"])).Append("](")
            .Append(context.Link($"/groups/{group.Slug}/drafts/{draft.Id}/amendments#amendment-{amendment.Id.ToString(CultureInfo.InvariantCulture)}")).Append(")\n");
        var subject = accepted ? t["Amendment accepted: {0}", draft.Title] : t["Amendment not accepted: {0}", draft.Title];
        return new MailContent(subject, body.ToString());
    }
}
