using System.Globalization;
using ChildForum.Core.Http;
using ChildForum.Core.Data;
using ChildForum.Meetings.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ChildForum.Meetings.Services;

/// <summary>The small rules and formats every meeting service shares, as functions of their inputs, so that no service
/// has to reach into another for them.</summary>
internal static class MeetingFormat
{
    internal static string? Clean(string? text) => text?.Replace("\0", "", StringComparison.Ordinal);

    internal static string Iso(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    internal static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    internal static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    internal static string MeetingUrl(MeetingAccess access) => $"/groups/{access.Group.Slug}/meetings/{access.Meeting.Id}";

    /// <summary>A cancelled meeting is kept as it was: every change to it answers this conflict.</summary>
    internal static Outcome<T>? RefuseIfCancelled<T>(Meeting meeting, IStringLocalizer t) =>
        meeting.Status == MeetingStatuses.Cancelled ? Outcome<T>.Conflict(t["This meeting is cancelled: it can no longer be changed."]) : null;

    /// <summary>A decision or an action may name an item of its own meeting's agenda, nothing else.</summary>
    internal static async Task CheckAgendaItemAsync(ForumDbContext db, Meeting meeting, int? agendaItemId, Validation validation, CancellationToken cancellationToken)
    {
        if (agendaItemId is { } id && !await db.Set<AgendaItem>().AnyAsync(i => i.Id == id && i.MeetingId == meeting.Id, cancellationToken))
        {
            validation.Add("agendaItemId", "This meeting's agenda has no such item.");
        }
    }
}
