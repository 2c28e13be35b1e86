using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using ChildForum.Core.Data;
using ChildForum.Core.Http;
using ChildForum.Core.Recipes;
using ChildForum.Core.Security;
using ChildForum.Meetings.Models;
using ChildForum.Meetings.Services;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Meetings.Recipes;

/// <summary>Creates meetings through the same services as the API:
/// <code>{"step": "meetings", "meetings": [{"group", "by": email, "title", "daysFromNow": -30, "time": "14:00", "durationMinutes": 120,
///   "timeZone", "location", "onlineUrl"?, "agenda": [{"title", "presenter"?, "durationMinutes"?}], "publishAgenda": true,
///   "attendance": [{"user": email, "status"}], "decisions": [{"item"?: n, "text"}],
///   "actions": [{"item"?: n, "title", "owner"?: email, "ownerOrganisation"?: name, "dueInDays": 14, "status"?: "done"}],
///   "minutes"?: {"body", "attribution"}, "publishMinutes": true}]}</code>
/// <c>time</c> is the wall-clock time in the meeting's zone; <c>item</c> counts the written agenda items from 0.</summary>
public sealed class MeetingsRecipeStep(ForumDbContext db, AccessRule rule, MeetingAccesses accesses, MeetingService meetings, AttendanceService attendanceService, DecisionService decisionService, ActionService actionService, MinutesService minutes, TimeProvider clock) : IRecipeStep
{
    private static readonly ClaimsPrincipal Recipe = new(new ClaimsIdentity([new Claim(ClaimTypes.Role, ForumRoles.Administrator)], "recipe"));

    public string Name => "meetings";

    public async Task ExecuteAsync(JsonElement step, CancellationToken cancellationToken)
    {
        foreach (var item in step.GetProperty("meetings").EnumerateArray())
        {
            var slug = item.GetProperty("group").GetString()!;
            var facilitation = await rule.CheckAsync(Recipe, slug, GroupPermissions.Facilitate, cancellationToken);
            var group = facilitation.Allowed ? facilitation.Group : throw new RecipeException($"A meeting names group '{slug}', which no earlier step created.");
            var title = item.GetProperty("title").GetString()!;
            var by = await UserAsync(item.GetProperty("by").GetString()!, title, cancellationToken);
            var zone = item.GetProperty("timeZone").GetString()!;
            var day = DateOnly.FromDateTime(MeetingTimes.InZone(clock.GetUtcNow().UtcDateTime, zone).DateTime).AddDays(item.GetProperty("daysFromNow").GetInt32());
            var start = day.ToDateTime(TimeOnly.Parse(item.GetProperty("time").GetString()!, CultureInfo.InvariantCulture));
            var end = start.AddMinutes(item.GetProperty("durationMinutes").GetInt32());
            var agenda = item.TryGetProperty("agenda", out var items)
                ? items.EnumerateArray().Select(a => new AgendaItemRequest(a.GetProperty("title").GetString(), Text(a, "presenter"), a.TryGetProperty("durationMinutes", out var d) ? d.GetInt32() : null, null, Text(a, "notes"), null)).ToList()
                : [];
            var created = Check(await meetings.CreateAsync(group, by, new CreateMeetingRequest(title, Iso(start), Iso(end), zone, Text(item, "location"), Text(item, "onlineUrl"), agenda, Confirmed(item)), cancellationToken), title);
            var facilitates = await accesses.CheckAsync(created.Id, by, GroupPermissions.Facilitate, cancellationToken);
            var access = facilitates.Allowed ? facilitates.Access : throw new RecipeException($"Meeting '{title}': {facilitates.Decision.Reason}");
            var written = (created.Agenda ?? []).Where(a => !a.ReviewsActions).ToList();

            if (item.TryGetProperty("publishAgenda", out var publish) && publish.GetBoolean())
            {
                Check(await meetings.PublishAgendaAsync(access, cancellationToken), title);
            }
            if (item.TryGetProperty("attendance", out var attendance))
            {
                var list = new List<AttendanceRequest>();
                foreach (var entry in attendance.EnumerateArray())
                {
                    list.Add(new AttendanceRequest(await UserIdAsync(entry.GetProperty("user").GetString()!, title, cancellationToken), entry.GetProperty("status").GetString()));
                }
                Check(await attendanceService.SetAttendanceAsync(access, list, cancellationToken), title);
            }
            foreach (var decision in item.TryGetProperty("decisions", out var decisions) ? decisions.EnumerateArray() : default)
            {
                Check(await decisionService.AddDecisionAsync(access, by, new DecisionRequest(ItemId(decision, written), Text(decision, "text"), Confirmed(decision)), cancellationToken), title);
            }
            foreach (var action in item.TryGetProperty("actions", out var actions) ? actions.EnumerateArray() : default)
            {
                var owner = Text(action, "owner") is { } email ? await UserIdAsync(email, title, cancellationToken) : null;
                var organisation = Text(action, "ownerOrganisation") is { } name
                    ? await db.Organisations.Where(o => o.Name == name).Select(o => (int?)o.Id).SingleOrDefaultAsync(cancellationToken) ?? throw new RecipeException($"Meeting '{title}' names organisation '{name}', which no earlier step created.")
                    : (int?)null;
                var due = day.AddDays(action.GetProperty("dueInDays").GetInt32()).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                var stored = Check(await actionService.AddActionAsync(access, by, new ActionRequest(ItemId(action, written), Text(action, "title"), owner, organisation, due, Confirmed(action)), cancellationToken), title);
                if (Text(action, "status") is { } status && status != ActionStatuses.Open)
                {
                    Check(await actionService.SetActionStatusAsync(stored.Id, by, new ActionStatusRequest(status), cancellationToken), title);
                }
            }
            if (item.TryGetProperty("minutes", out var text))
            {
                Check(await minutes.SaveAsync(access, by, new MinutesRequest(Text(text, "body"), Text(text, "attribution"), Confirmed(text)), cancellationToken), title);
                if (item.TryGetProperty("publishMinutes", out var publishMinutes) && publishMinutes.GetBoolean())
                {
                    Check(await minutes.PublishAsync(access, by, returnToNamed: false, cancellationToken), title);
                }
            }
        }
    }

    private static int? ItemId(JsonElement element, List<AgendaItemDto> written) =>
        element.TryGetProperty("item", out var index) ? written[index.GetInt32()].Id : null;

    private async Task<string> UserIdAsync(string email, string title, CancellationToken cancellationToken)
    {
        var normalized = email.ToUpperInvariant();
        return await db.Users.Where(u => u.NormalizedEmail == normalized).Select(u => u.Id).SingleOrDefaultAsync(cancellationToken)
            ?? throw new RecipeException($"Meeting '{title}' names {email}, who is not created by an earlier step.");
    }

    private async Task<ClaimsPrincipal> UserAsync(string email, string title, CancellationToken cancellationToken) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, await UserIdAsync(email, title, cancellationToken))], "recipe"));

    private static string Iso(DateTime local) => local.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    private static string? Text(JsonElement element, string name) => element.TryGetProperty(name, out var value) ? value.GetString() : null;

    /// <summary><c>"confirmPersonalData": true</c>: the recipe's author confirms a phone number or e-mail address, as a person would.</summary>
    private static bool Confirmed(JsonElement element) => element.TryGetProperty("confirmPersonalData", out var value) && value.ValueKind == JsonValueKind.True;

    private static T Check<T>(Outcome<T> outcome, string title) =>
        outcome.Succeeded ? outcome.Value! : throw new RecipeException($"Meeting '{title}': {outcome.Describe()}");
}
