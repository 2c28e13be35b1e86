using ChildForum.Core.Localization;
using ChildForum.Core.Audit;
using ChildForum.Core.Data;
using ChildForum.Core.Notifications;
using ChildForum.Meetings.Localization;
using Microsoft.Extensions.Localization;
using System.Security.Claims;
using ChildForum.Core.Http;
using ChildForum.Core.Mail;
using ChildForum.Core.Markdown;
using ChildForum.Core.Safeguarding;
using ChildForum.Core.Security;
using ChildForum.Meetings.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Meetings.Services;

/// <summary>Minutes: a draft only facilitators see, published as immutable versions that are attributed when they
/// are made. Under Chatham House the published text never contains a participant's name or organisation. What readers
/// get changes only when a version is published: saving a draft changes nothing they see.</summary>
public sealed class MinutesService(
    ForumDbContext db, MeetingReader reader, PeopleViews people, MeetingNotices notices, MeetingTextGuard guard, IMarkdownRenderer markdown, IAuditLog audit,
    Notifier notifier, TimeProvider clock, IStringLocalizer<MeetingsResource> t)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary><c>PUT …/minutes</c>: saves the draft and the attribution it is to be published under; answers with the
    /// draft and its warnings.</summary>
    public async Task<Outcome<MinutesDraftDto>> SaveAsync(MeetingAccess access, ClaimsPrincipal user, MinutesRequest request, CancellationToken cancellationToken)
    {
        var meeting = access.Meeting;
        if (MeetingFormat.RefuseIfCancelled<MinutesDraftDto>(meeting, t) is { } cancelled)
        {
            return cancelled;
        }
        var validation = new Validation();
        var body = validation.RequireText("body", MeetingFormat.Clean(request.Body), MinutesDraft.BodyMaxLength);
        var attribution = request.Attribution?.Trim().ToLowerInvariant() ?? Attributions.Named;
        if (!Attributions.All.Contains(attribution))
        {
            validation.Add("attribution", "Choose one of: {0}.", string.Join(", ", Attributions.All));
        }
        if (!validation.IsValid)
        {
            return Outcome<MinutesDraftDto>.Invalid(validation);
        }
        var attributor = new Attributor(await people.EveryoneAsync(cancellationToken));
        var published = attributor.Apply(body!, attribution, Attributor.DetectLanguage(body!));
        try
        {
            markdown.Parse(published);
        }
        catch (MarkdownTooComplexException e)
        {
            return Outcome<MinutesDraftDto>.Invalid(e.ToValidation("body"));
        }
        var guarded = guard.Check(request.ConfirmPersonalData, new GuardedText("body", body, markdown.ToHtml(body!)));
        if (!guarded.Allowed)
        {
            return guarded.Failure<MinutesDraftDto>();
        }

        var draft = await db.Set<MinutesDraft>().SingleOrDefaultAsync(d => d.MeetingId == meeting.Id, cancellationToken);
        if (draft is null)
        {
            draft = new MinutesDraft { MeetingId = meeting.Id, Body = body!, Attribution = attribution, UpdatedById = user.GetUserId()!, UpdatedAt = Now };
            db.Add(draft);
        }
        else
        {
            (draft.Body, draft.Attribution, draft.UpdatedById, draft.UpdatedAt) = (body!, attribution, user.GetUserId()!, Now);
        }
        var told = await guard.FlagAsync(guarded, meeting, access.Group.Slug, user.GetUserId(), Notice.T["the minutes"], cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await notifier.PushCountsAsync(told, cancellationToken);
        var latest = await LatestAsync(meeting.Id, cancellationToken);
        return Outcome<MinutesDraftDto>.Ok(new MinutesDraftDto(draft.Body, draft.Attribution, MeetingFormat.Utc(draft.UpdatedAt),
            attribution == Attributions.ChathamHouse ? attributor.Warnings(draft.Body) : [],
            latest is null || latest.Body != published || latest.Attribution != attribution));
    }

    /// <summary><c>POST …/minutes/publish</c>: a new version when the draft differs from the last one published. A named
    /// draft of a meeting under Chatham House is published only with <paramref name="returnToNamed"/> (audited).</summary>
    public async Task<Outcome<MinutesDto>> PublishAsync(MeetingAccess access, ClaimsPrincipal user, bool returnToNamed, CancellationToken cancellationToken)
    {
        var meeting = access.Meeting;
        if (MeetingFormat.RefuseIfCancelled<MinutesDto>(meeting, t) is { } cancelled)
        {
            return cancelled;
        }
        var draft = await db.Set<MinutesDraft>().AsNoTracking().SingleOrDefaultAsync(d => d.MeetingId == meeting.Id, cancellationToken);
        if (draft is null)
        {
            return Outcome<MinutesDto>.Conflict(t["There are no minutes to publish yet: write them first."]);
        }
        if (meeting.StartsAt > Now)
        {
            return Outcome<MinutesDto>.Conflict(t["The meeting has not started yet: minutes are published after it."]);
        }
        var attributor = new Attributor(await people.EveryoneAsync(cancellationToken));
        var language = Attributor.DetectLanguage(draft.Body);
        var body = attributor.Apply(draft.Body, draft.Attribution, language);
        var latest = await LatestAsync(meeting.Id, cancellationToken);
        if (latest is not null && latest.Body == body && latest.Attribution == draft.Attribution)
        {
            return Outcome<MinutesDto>.Conflict(t["These minutes are already published as version {0}. Change them first to publish a correction.", latest.Number]);
        }
        var leavesChathamHouse = meeting.Attribution == Attributions.ChathamHouse && draft.Attribution != Attributions.ChathamHouse;
        if (leavesChathamHouse && !returnToNamed)
        {
            return Outcome<MinutesDto>.Conflict(t["This meeting is under the Chatham House rule and the draft is named: publishing it would show readers every participant's name and organisation. To do so on purpose, publish with returnToNamed (on the page: tick \"Publish under names\"). The Chatham House versions stay anonymous."])
                with { Extensions = new Dictionary<string, object?> { ["code"] = "chatham-house" } };
        }
        string html;
        try
        {
            html = markdown.ToHtml(body);
        }
        catch (MarkdownTooComplexException e)
        {
            return Outcome<MinutesDto>.Invalid(e.ToValidation("body"));
        }
        var number = (latest?.Number ?? 0) + 1;
        await using var transaction = await db.BeginOwnTransactionAsync(cancellationToken);
        db.Add(new MinutesVersion
        {
            MeetingId = meeting.Id, Number = number, Body = body, Html = html, Attribution = draft.Attribution, Language = language,
            PublishedById = user.GetUserId()!, PublishedAt = Now,
        });
        meeting.Status = MeetingStatuses.MinutesPublished;
        meeting.UpdatedAt = Now;
        var entersChathamHouse = meeting.Attribution != Attributions.ChathamHouse && draft.Attribution == Attributions.ChathamHouse;
        if (leavesChathamHouse)
        {
            audit.Record("meeting.attribution-named", Notice.T["Returned meeting '{0}' from the Chatham House rule to named minutes (version {1})", meeting.Title, number],
                meeting.GroupId, "meeting", MeetingFormat.Id(meeting.Id));
        }
        else if (entersChathamHouse)
        {
            audit.Record("meeting.attribution", Notice.T["Published the minutes of meeting '{0}' under the Chatham House rule", meeting.Title],
                meeting.GroupId, "meeting", MeetingFormat.Id(meeting.Id));
        }
        // Readers' attribution follows what is published, never the draft.
        meeting.Attribution = draft.Attribution;
        if (entersChathamHouse)
        {
            await notices.AnonymiseNotificationsAsync(access, cancellationToken);
        }
        audit.Record("meeting.minutes-published", number == 1
                ? Notice.T["Published the minutes of meeting '{0}'", meeting.Title]
                : Notice.T["Published correction {0} of the minutes of meeting '{1}'", number, meeting.Title],
            meeting.GroupId, "meeting", MeetingFormat.Id(meeting.Id));
        notices.Reindex(meeting, minutes: true);
        var told = await notices.NotifyMembersAsync(access, title => number == 1 ? Notice.T["Minutes published: {0}", title] : Notice.T["Minutes corrected: {0}", title], MailKinds.Minutes, cancellationToken,
            MailText.Data(new { version = number }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitOwnAsync(cancellationToken);
        await notifier.PushCountsAsync(told, cancellationToken);
        return Outcome<MinutesDto>.Ok((await reader.GetAsync(access, cancellationToken)).Minutes!);
    }

    /// <summary>A published version (corrections keep the old ones). A named version of a meeting now under Chatham House
    /// is withheld from readers, as if it did not exist; facilitators get it marked <c>withheldFromReaders</c>.</summary>
    public async Task<Outcome<MinutesDto>> VersionAsync(MeetingAccess access, int number, CancellationToken cancellationToken)
    {
        var version = await db.Set<MinutesVersion>().AsNoTracking().SingleOrDefaultAsync(v => v.MeetingId == access.Meeting.Id && v.Number == number, cancellationToken);
        var withheld = version is not null && MeetingReader.Withheld(access.Meeting, version);
        if (version is null || (withheld && !access.Facilitates))
        {
            return Outcome<MinutesDto>.NotFound("minutes");
        }
        return Outcome<MinutesDto>.Ok(new MinutesDto(version.Number, version.Body, version.Html, version.Attribution, version.Language, MeetingFormat.Utc(version.PublishedAt), [], null, withheld));
    }

    /// <summary>What readers would see for a draft: for the editor's preview.</summary>
    public async Task<string> PreviewAsync(Meeting meeting, string body, string attribution, CancellationToken cancellationToken)
    {
        var attributor = new Attributor(await people.EveryoneAsync(cancellationToken));
        return markdown.ToHtml(attributor.Apply(body, attribution, Attributor.DetectLanguage(body)));
    }

    private Task<MinutesVersion?> LatestAsync(int meetingId, CancellationToken cancellationToken) =>
        db.Set<MinutesVersion>().AsNoTracking().Where(v => v.MeetingId == meetingId).OrderByDescending(v => v.Number).FirstOrDefaultAsync(cancellationToken);
}
