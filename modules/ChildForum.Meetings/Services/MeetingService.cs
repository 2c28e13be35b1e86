using ChildForum.Core.Localization;
using System.Security.Claims;
using ChildForum.Core.Audit;
using ChildForum.Core.Data;
using ChildForum.Core.Http;
using ChildForum.Core.Mail;
using ChildForum.Core.Notifications;
using ChildForum.Core.Safeguarding;
using ChildForum.Core.Security;
using ChildForum.Meetings.Localization;
using ChildForum.Meetings.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ChildForum.Meetings.Services;

/// <summary>A meeting's life: scheduling it with its agenda, changing it, publishing the agenda and cancelling. Minutes
/// (<see cref="MinutesService"/>), attendance, decisions and actions have their own services; reading is
/// <see cref="MeetingReader"/>'s.</summary>
public sealed class MeetingService(
    ForumDbContext db,
    MeetingTextGuard guard,
    AgendaLinks links,
    MeetingReader reader,
    MeetingNotices notices,
    IAuditLog audit,
    Notifier notifier,
    TimeProvider clock,
    IStringLocalizer<MeetingsResource> t)
{
    public const string ReviewTitle = "Review of open actions";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<Outcome<MeetingDto>> CreateAsync(GroupAccess group, ClaimsPrincipal user, CreateMeetingRequest request, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var details = CheckDetails(request.Title, request.StartsAt, request.EndsAt, request.TimeZone, request.Location, request.OnlineUrl, validation);
        var items = await CheckAgendaAsync(group, request.Agenda, validation, cancellationToken);
        if (!validation.IsValid)
        {
            return Outcome<MeetingDto>.Invalid(validation);
        }
        var guarded = guard.Check(request.ConfirmPersonalData, [.. DetailTexts(details!.Title, details.Location), .. AgendaTexts(items)]);
        if (!guarded.Allowed)
        {
            return guarded.Failure<MeetingDto>();
        }
        var now = Now;
        var meeting = new Meeting
        {
            GroupId = group.GroupId, Uid = Guid.NewGuid().ToString("N"), Title = details!.Title, StartsAt = details.StartsAt, EndsAt = details.EndsAt,
            TimeZone = details.TimeZone, Location = details.Location, OnlineUrl = details.OnlineUrl, Status = MeetingStatuses.Planned,
            CreatedById = user.GetUserId()!, CreatedAt = now, UpdatedAt = now,
        };
        await using var transaction = await db.BeginOwnTransactionAsync(cancellationToken);
        db.Add(meeting);
        await db.SaveChangesAsync(cancellationToken);
        AddAgenda(meeting, items!);
        await AddActionReviewAsync(meeting, cancellationToken);
        audit.Record("meeting.created", Notice.T["Scheduled meeting '{0}'", meeting.Title], group.GroupId, "meeting", MeetingFormat.Id(meeting.Id));
        var told = await guard.FlagAsync(guarded, meeting, group.Slug, meeting.CreatedById, Notice.T["the details or agenda"], cancellationToken);
        notices.Reindex(meeting);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitOwnAsync(cancellationToken);
        await notifier.PushCountsAsync(told, cancellationToken);
        return Outcome<MeetingDto>.Created((await reader.GetAsync(new MeetingAccess(meeting, group), cancellationToken)));
    }

    /// <summary>Changes the details and, when given, replaces the agenda (items keep decisions and actions by position).</summary>
    public async Task<Outcome<MeetingDto>> UpdateAsync(MeetingAccess access, ClaimsPrincipal user, UpdateMeetingRequest request, CancellationToken cancellationToken)
    {
        var meeting = access.Meeting;
        if (MeetingFormat.RefuseIfCancelled<MeetingDto>(meeting, t) is { } cancelled)
        {
            return cancelled;
        }
        var validation = new Validation();
        var details = CheckDetails(request.Title ?? meeting.Title, request.StartsAt ?? MeetingFormat.Iso(meeting.StartsAt), request.EndsAt ?? MeetingFormat.Iso(meeting.EndsAt),
            request.TimeZone ?? meeting.TimeZone, request.Location ?? meeting.Location, request.OnlineUrl ?? meeting.OnlineUrl, validation);
        var items = request.Agenda is null ? null : await CheckAgendaAsync(access.Group, request.Agenda, validation, cancellationToken);
        if (!validation.IsValid)
        {
            return Outcome<MeetingDto>.Invalid(validation);
        }
        // Only what the request changes: a stored text the author once confirmed is not asked about again.
        var guarded = guard.Check(request.ConfirmPersonalData,
            [.. DetailTexts(request.Title is null ? null : details!.Title, request.Location is null ? null : details!.Location), .. AgendaTexts(items)]);
        if (!guarded.Allowed)
        {
            return guarded.Failure<MeetingDto>();
        }
        await using var transaction = await db.BeginOwnTransactionAsync(cancellationToken);
        (meeting.Title, meeting.StartsAt, meeting.EndsAt, meeting.TimeZone, meeting.Location, meeting.OnlineUrl) =
            (details!.Title, details.StartsAt, details.EndsAt, details.TimeZone, details.Location, details.OnlineUrl);
        if (items is not null)
        {
            var existing = await db.Set<AgendaItem>().Where(i => i.MeetingId == meeting.Id && !i.ReviewsActions).OrderBy(i => i.Position).ToListAsync(cancellationToken);
            for (var i = 0; i < Math.Max(existing.Count, items.Count); i++)
            {
                if (i < existing.Count && i < items.Count)
                {
                    Copy(items[i], existing[i], i + 1);
                }
                else if (i < items.Count)
                {
                    var item = new AgendaItem { MeetingId = meeting.Id, Title = "" };
                    Copy(items[i], item, i + 1);
                    db.Add(item);
                }
                else
                {
                    db.Remove(existing[i]);
                }
            }
        }
        meeting.Sequence++;
        meeting.UpdatedAt = Now;
        audit.Record("meeting.updated", Notice.T["Changed meeting '{0}'", meeting.Title], meeting.GroupId, "meeting", MeetingFormat.Id(meeting.Id));
        if (meeting.AgendaPublishedAt is not null)
        {
            // Members have the meeting in their calendars since the agenda's mail: they get the change (same UID, higher SEQUENCE).
            await notices.MailMembersAsync(access, MailKinds.MeetingChanged, cancellationToken);
        }
        var told = await guard.FlagAsync(guarded, meeting, access.Group.Slug, user.GetUserId(), Notice.T["the details or agenda"], cancellationToken);
        notices.Reindex(meeting, minutes: true);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitOwnAsync(cancellationToken);
        await notifier.PushCountsAsync(told, cancellationToken);
        return Outcome<MeetingDto>.Ok(await reader.GetAsync(access, cancellationToken));
    }

    public async Task<Outcome<MeetingDto>> CancelAsync(MeetingAccess access, CancellationToken cancellationToken)
    {
        var meeting = access.Meeting;
        if (MeetingFormat.RefuseIfCancelled<MeetingDto>(meeting, t) is { } cancelled)
        {
            return cancelled;
        }
        if (meeting.Status == MeetingStatuses.MinutesPublished)
        {
            return Outcome<MeetingDto>.Conflict(t["This meeting has published minutes: it took place and cannot be cancelled."]);
        }
        meeting.Status = MeetingStatuses.Cancelled;
        meeting.Sequence++;
        meeting.UpdatedAt = Now;
        audit.Record("meeting.cancelled", Notice.T["Cancelled meeting '{0}'", meeting.Title], meeting.GroupId, "meeting", MeetingFormat.Id(meeting.Id));
        notices.Reindex(meeting);
        var told = await notices.NotifyMembersAsync(access, title => Notice.T["Meeting cancelled: {0}", title], MailKinds.MeetingCancelled, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await notifier.PushCountsAsync(told, cancellationToken);
        return Outcome<MeetingDto>.Ok(await reader.GetAsync(access, cancellationToken));
    }

    public async Task<Outcome<MeetingDto>> PublishAgendaAsync(MeetingAccess access, CancellationToken cancellationToken)
    {
        var meeting = access.Meeting;
        if (MeetingFormat.RefuseIfCancelled<MeetingDto>(meeting, t) is { } cancelled)
        {
            return cancelled;
        }
        if (meeting.AgendaPublishedAt is not null)
        {
            return Outcome<MeetingDto>.Conflict(t["The agenda is already published. Changes to it reach members at once."]);
        }
        await AddActionReviewAsync(meeting, cancellationToken);
        if (!await db.Set<AgendaItem>().AnyAsync(i => i.MeetingId == meeting.Id, cancellationToken) && !db.ChangeTracker.Entries<AgendaItem>().Any(e => e.Entity.MeetingId == meeting.Id && e.State == EntityState.Added))
        {
            return Outcome<MeetingDto>.Conflict(t["The agenda is empty. Add at least one item before publishing it."]);
        }
        meeting.AgendaPublishedAt = Now;
        if (meeting.Status == MeetingStatuses.Planned)
        {
            meeting.Status = MeetingStatuses.AgendaPublished;
        }
        meeting.Sequence++;
        meeting.UpdatedAt = Now;
        audit.Record("meeting.agenda-published", Notice.T["Published the agenda of meeting '{0}'", meeting.Title], meeting.GroupId, "meeting", MeetingFormat.Id(meeting.Id));
        notices.Reindex(meeting);
        var told = await notices.NotifyMembersAsync(access, title => Notice.T["Agenda published: {0}", title], MailKinds.Agenda, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await notifier.PushCountsAsync(told, cancellationToken);
        return Outcome<MeetingDto>.Ok(await reader.GetAsync(access, cancellationToken));
    }

    // ---- Checks ------------------------------------------------------------------------------

    internal sealed record Details(string Title, DateTime StartsAt, DateTime EndsAt, string TimeZone, string Location, string? OnlineUrl);

    private Details? CheckDetails(string? title, string? startsAt, string? endsAt, string? timeZone, string? location, string? onlineUrl, Validation validation)
    {
        var checkedTitle = validation.RequireText("title", MeetingFormat.Clean(title), Meeting.TitleMaxLength);
        var zone = MeetingTimes.FindZone(timeZone);
        if (zone is null)
        {
            validation.Add("timeZone", string.IsNullOrWhiteSpace(timeZone) ? "This field is required." : "Give an IANA time zone such as Asia/Shanghai or Europe/Copenhagen.");
        }
        var start = MeetingTimes.ParseInstant("startsAt", startsAt, zone, validation);
        var end = MeetingTimes.ParseInstant("endsAt", endsAt, zone, validation);
        if (start is not null && end is not null)
        {
            if (end <= start)
            {
                validation.Add("endsAt", "The meeting must end after it starts.");
            }
            else if (end - start > MeetingTimes.LongestMeeting)
            {
                validation.Add("endsAt", "A meeting lasts at most 7 days.");
            }
        }
        var checkedLocation = validation.OptionalText("location", MeetingFormat.Clean(location), Meeting.LocationMaxLength) ?? "";
        var url = validation.OptionalText("onlineUrl", MeetingFormat.Clean(onlineUrl), Meeting.UrlMaxLength);
        if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
        {
            validation.Add("onlineUrl", "Give a full web address starting with https://.");
        }
        return validation.IsValid ? new Details(checkedTitle!, start!.Value, end!.Value, zone!.Id, checkedLocation, url) : null;
    }

    private async Task<List<AgendaItemRequest>?> CheckAgendaAsync(GroupAccess group, IReadOnlyList<AgendaItemRequest>? agenda, Validation validation, CancellationToken cancellationToken)
    {
        var items = (agenda ?? []).ToList();
        if (items.Count > AgendaItem.MaxItems)
        {
            validation.Add("agenda", "An agenda has at most {0} items.", AgendaItem.MaxItems);
            return null;
        }
        var cleaned = new List<AgendaItemRequest>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var prefix = $"agenda[{i}]";
            if (item is null)
            {
                validation.Add(prefix, "This field is required.");
                continue;
            }
            var title = validation.RequireText(prefix + ".title", MeetingFormat.Clean(item.Title), AgendaItem.TitleMaxLength);
            var presenter = validation.OptionalText(prefix + ".presenter", MeetingFormat.Clean(item.Presenter), AgendaItem.PresenterMaxLength);
            var notes = validation.OptionalText(prefix + ".notes", MeetingFormat.Clean(item.Notes), AgendaItem.NotesMaxLength);
            if (item.DurationMinutes is { } minutes && (minutes < 1 || minutes > AgendaItem.MaxDurationMinutes))
            {
                validation.Add(prefix + ".durationMinutes", "Between 1 and {0} minutes.", AgendaItem.MaxDurationMinutes);
            }
            if (item.DraftId is { } draftId && !await links.ExistsInGroupAsync("draft", draftId, group.GroupId, cancellationToken))
            {
                validation.Add(prefix + ".draftId", "There is no such policy draft in this group.");
            }
            if (item.ThreadId is { } threadId && !await links.ExistsInGroupAsync("thread", threadId, group.GroupId, cancellationToken))
            {
                validation.Add(prefix + ".threadId", "There is no such thread in this group.");
            }
            cleaned.Add(item with { Title = title, Presenter = presenter, Notes = notes });
        }
        return cleaned;
    }

    private void AddAgenda(Meeting meeting, List<AgendaItemRequest> items)
    {
        for (var i = 0; i < items.Count; i++)
        {
            var item = new AgendaItem { MeetingId = meeting.Id, Title = "" };
            Copy(items[i], item, i + 1);
            db.Add(item);
        }
    }

    /// <summary>Position 0 is the review of actions; the written items count from 1.</summary>
    private static void Copy(AgendaItemRequest request, AgendaItem item, int position)
    {
        item.Title = request.Title!;
        item.Presenter = request.Presenter;
        item.DurationMinutes = request.DurationMinutes;
        item.Notes = request.Notes;
        item.DraftId = request.DraftId;
        item.ThreadId = request.ThreadId;
        item.Position = position;
    }

    /// <summary>Puts the "review of actions" item first on the agenda when the group has open actions from earlier meetings.</summary>
    private async Task AddActionReviewAsync(Meeting meeting, CancellationToken cancellationToken)
    {
        if (await db.Set<AgendaItem>().AnyAsync(i => i.MeetingId == meeting.Id && i.ReviewsActions, cancellationToken)
            || (await reader.ReviewActionsAsync(meeting, cancellationToken)).Count == 0)
        {
            return;
        }
        db.Add(new AgendaItem { MeetingId = meeting.Id, Position = 0, Title = ReviewTitle, ReviewsActions = true, DurationMinutes = 10 });
    }

    private static IEnumerable<GuardedText> DetailTexts(string? title, string? location) =>
        [new("title", title), new("location", location)];

    private static IEnumerable<GuardedText> AgendaTexts(IReadOnlyList<AgendaItemRequest>? items) =>
        (items ?? []).SelectMany((item, i) => new GuardedText[]
        {
            new($"agenda[{i}].title", item.Title), new($"agenda[{i}].presenter", item.Presenter), new($"agenda[{i}].notes", item.Notes),
        });
}
