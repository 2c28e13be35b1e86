using ChildForum.Core.Data;
using System.Security.Claims;
using ChildForum.Core.Http;
using ChildForum.Core.Markdown;
using ChildForum.Core.Security;
using ChildForum.Meetings.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Meetings.Services;

/// <summary>Minutes: a draft only facilitators see, published as immutable versions that are attributed when they
/// are made. Under Chatham House the published text never contains a participant's name or organisation.</summary>
public sealed class MinutesService(MeetingService meetings, IMarkdownRenderer markdown)
{
    private Microsoft.Extensions.Localization.IStringLocalizer T => meetings.T;

    /// <summary><c>PUT …/minutes</c>: saves the draft and the attribution; answers with the draft and its warnings.</summary>
    public async Task<Outcome<MinutesDraftDto>> SaveAsync(MeetingAccess access, ClaimsPrincipal user, MinutesRequest request, CancellationToken cancellationToken)
    {
        var meeting = access.Meeting;
        if (meetings.RefuseIfCancelled<MinutesDraftDto>(meeting) is { } cancelled)
        {
            return cancelled;
        }
        var validation = new Validation();
        var body = validation.RequireText("body", MeetingService.Clean(request.Body), MinutesDraft.BodyMaxLength);
        var attribution = request.Attribution?.Trim().ToLowerInvariant() ?? Attributions.Named;
        if (!Attributions.All.Contains(attribution))
        {
            validation.Add("attribution", "Choose one of: {0}.", string.Join(", ", Attributions.All));
        }
        if (!validation.IsValid)
        {
            return Outcome<MinutesDraftDto>.Invalid(validation);
        }
        var attributor = new Attributor(await meetings.EveryoneAsync(cancellationToken));
        var published = attributor.Apply(body!, attribution, Attributor.DetectLanguage(body!));
        try
        {
            markdown.Parse(published);
        }
        catch (MarkdownTooComplexException e)
        {
            return Outcome<MinutesDraftDto>.Invalid(e.ToValidation("body"));
        }

        var draft = await meetings.Db.Set<MinutesDraft>().SingleOrDefaultAsync(d => d.MeetingId == meeting.Id, cancellationToken);
        if (draft is null)
        {
            draft = new MinutesDraft { MeetingId = meeting.Id, Body = body!, Attribution = attribution, UpdatedById = user.GetUserId()!, UpdatedAt = meetings.Now };
            meetings.Db.Add(draft);
        }
        else
        {
            (draft.Body, draft.Attribution, draft.UpdatedById, draft.UpdatedAt) = (body!, attribution, user.GetUserId()!, meetings.Now);
        }
        if (meeting.Attribution != attribution)
        {
            meeting.Attribution = attribution;
            meetings.Audit.Record("meeting.attribution", $"Set attribution of meeting '{meeting.Title}' to {attribution}", meeting.GroupId, "meeting", MeetingService.Id(meeting.Id));
            meetings.Reindex(meeting);
        }
        meeting.UpdatedAt = meetings.Now;
        await meetings.Db.SaveChangesAsync(cancellationToken);
        var latest = await LatestAsync(meeting.Id, cancellationToken);
        return Outcome<MinutesDraftDto>.Ok(new MinutesDraftDto(draft.Body, draft.Attribution, MeetingService.Utc(draft.UpdatedAt),
            attribution == Attributions.ChathamHouse ? attributor.Warnings(draft.Body) : [],
            latest is null || latest.Body != published || latest.Attribution != attribution));
    }

    /// <summary><c>POST …/minutes/publish</c>: a new version when the draft differs from the last one published.</summary>
    public async Task<Outcome<MinutesDto>> PublishAsync(MeetingAccess access, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var meeting = access.Meeting;
        if (meetings.RefuseIfCancelled<MinutesDto>(meeting) is { } cancelled)
        {
            return cancelled;
        }
        var draft = await meetings.Db.Set<MinutesDraft>().AsNoTracking().SingleOrDefaultAsync(d => d.MeetingId == meeting.Id, cancellationToken);
        if (draft is null)
        {
            return Outcome<MinutesDto>.Conflict(T["There are no minutes to publish yet: write them first."]);
        }
        if (meeting.StartsAt > meetings.Now)
        {
            return Outcome<MinutesDto>.Conflict(T["The meeting has not started yet: minutes are published after it."]);
        }
        var attributor = new Attributor(await meetings.EveryoneAsync(cancellationToken));
        var language = Attributor.DetectLanguage(draft.Body);
        var body = attributor.Apply(draft.Body, draft.Attribution, language);
        var latest = await LatestAsync(meeting.Id, cancellationToken);
        if (latest is not null && latest.Body == body && latest.Attribution == draft.Attribution)
        {
            return Outcome<MinutesDto>.Conflict(T["These minutes are already published as version {0}. Change them first to publish a correction.", latest.Number]);
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
        await using var transaction = await meetings.Db.BeginOwnTransactionAsync(cancellationToken);
        meetings.Db.Add(new MinutesVersion
        {
            MeetingId = meeting.Id, Number = number, Body = body, Html = html, Attribution = draft.Attribution, Language = language,
            PublishedById = user.GetUserId()!, PublishedAt = meetings.Now,
        });
        meeting.Status = MeetingStatuses.MinutesPublished;
        meeting.UpdatedAt = meetings.Now;
        meetings.Audit.Record("meeting.minutes-published", number == 1
                ? $"Published the minutes of meeting '{meeting.Title}'"
                : $"Published correction {number} of the minutes of meeting '{meeting.Title}'",
            meeting.GroupId, "meeting", MeetingService.Id(meeting.Id));
        meetings.Reindex(meeting, minutes: true);
        var told = await meetings.NotifyMembersAsync(access, number == 1 ? $"Minutes published: {meeting.Title}" : $"Minutes corrected: {meeting.Title}", cancellationToken);
        await meetings.Db.SaveChangesAsync(cancellationToken);
        await transaction.CommitOwnAsync(cancellationToken);
        await meetings.Notifier.PushCountsAsync(told, cancellationToken);
        return Outcome<MinutesDto>.Ok((await meetings.GetAsync(access, cancellationToken)).Minutes!);
    }

    /// <summary>An earlier published version (corrections keep the old ones).</summary>
    public async Task<Outcome<MinutesVersion>> VersionAsync(Meeting meeting, int number, CancellationToken cancellationToken) =>
        await meetings.Db.Set<MinutesVersion>().AsNoTracking().SingleOrDefaultAsync(v => v.MeetingId == meeting.Id && v.Number == number, cancellationToken) is { } version
            ? Outcome<MinutesVersion>.Ok(version)
            : Outcome<MinutesVersion>.NotFound("minutes");

    /// <summary>What readers would see for a draft: for the editor's preview.</summary>
    public async Task<string> PreviewAsync(Meeting meeting, string body, string attribution, CancellationToken cancellationToken)
    {
        var attributor = new Attributor(await meetings.EveryoneAsync(cancellationToken));
        return markdown.ToHtml(attributor.Apply(body, attribution, Attributor.DetectLanguage(body)));
    }

    private Task<MinutesVersion?> LatestAsync(int meetingId, CancellationToken cancellationToken) =>
        meetings.Db.Set<MinutesVersion>().AsNoTracking().Where(v => v.MeetingId == meetingId).OrderByDescending(v => v.Number).FirstOrDefaultAsync(cancellationToken);
}
