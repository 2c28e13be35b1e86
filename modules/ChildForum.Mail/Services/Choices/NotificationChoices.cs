using System.Security.Claims;
using ChildForum.Core.Data;
using ChildForum.Core.Http;
using ChildForum.Core.Localization;
using ChildForum.Core.Security;
using ChildForum.Mail.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Mail.Services.Choices;

/// <summary>A person's mail choices as the page shows them: the stored settings (or the defaults), and each group they
/// are a member of with its mode.</summary>
/// <param name="Saved">Whether the person has saved choices at all (the page then guesses nothing from the browser).</param>
public sealed record MyChoices(NotificationSettings Settings, bool Saved, IReadOnlyList<GroupChoice> Groups)
{
    public NotificationSettingsDto ToDto() =>
        new(Settings.Enabled, Settings.DigestHour, Settings.TimeZone, Settings.Language, Groups.Select(g => new GroupNotificationDto(g.Group.GroupId, g.Mode)).ToList());
}

public sealed record GroupChoice(GroupAccess Group, string Mode);

/// <summary>One kind of mail switched off by an unsubscribe link.</summary>
/// <param name="GroupName">Null for site mail (group 0), or for a group the person may no longer read: its name is not shown then.</param>
public sealed record OptOutView(int GroupId, string Kind, string? GroupName, DateTime CreatedAt);

/// <summary>Reads and changes a person's mail choices (the one switch, digest hour and zone, language, a mode per group)
/// for the API and the page alike. The groups are those the access rule says the person is a member of; a group the
/// person is not in is refused as if it did not exist.</summary>
public sealed class NotificationChoices(ForumDbContext db, AccessRule rule)
{
    /// <summary>More entries than anyone has groups: a body with more is refused rather than looked through.</summary>
    public const int GroupsMaxCount = 500;

    public async Task<MyChoices> GetAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var userId = UserId(user);
        var settings = await db.Set<NotificationSettings>().AsNoTracking().SingleOrDefaultAsync(s => s.UserId == userId, cancellationToken);
        var modes = await db.Set<GroupNotificationSetting>().AsNoTracking().Where(s => s.UserId == userId)
            .ToDictionaryAsync(s => s.GroupId, s => s.Mode, cancellationToken);
        var groups = await MemberGroupsAsync(user, cancellationToken);
        return new MyChoices(settings ?? new NotificationSettings { UserId = userId }, settings is not null,
            groups.Select(g => new GroupChoice(g, modes.GetValueOrDefault(g.GroupId, NotificationModes.Each))).ToList());
    }

    /// <summary>Validates every field (errors keyed as the JSON names them: <c>digestHour</c>, <c>groups[2].mode</c>) and
    /// saves the whole choice at once.</summary>
    public async Task<Outcome<MyChoices>> SaveAsync(ClaimsPrincipal user, NotificationSettingsRequest? request, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return Outcome<MyChoices>.Invalid(BadRequestExceptionHandler.BodyField, "Send a JSON object with enabled, digestHour, timeZone, language and groups.");
        }
        var validation = new Validation();
        if (request.Enabled is null)
        {
            validation.Add("enabled", "This field is required.");
        }
        if (request.DigestHour is not { } hour)
        {
            validation.Add("digestHour", "This field is required.");
        }
        else if (hour is < 0 or > 23)
        {
            validation.Add("digestHour", "Choose an hour from 0 to 23.");
        }
        var zone = TimeZones.Find(request.TimeZone);
        if (string.IsNullOrWhiteSpace(request.TimeZone))
        {
            validation.Add("timeZone", "This field is required.");
        }
        else if (zone is null)
        {
            validation.Add("timeZone", "This is not a time zone of the IANA database, such as Asia/Shanghai or Europe/London.");
        }
        var language = ForumCultures.Supported.FirstOrDefault(c => string.Equals(c, request.Language, StringComparison.OrdinalIgnoreCase));
        if (string.IsNullOrWhiteSpace(request.Language))
        {
            validation.Add("language", "This field is required.");
        }
        else if (language is null)
        {
            validation.Add("language", "Choose en (English) or zh-Hans (Simplified Chinese).");
        }
        var modes = await ValidateGroupsAsync(user, request.Groups ?? [], validation, cancellationToken);
        if (!validation.IsValid)
        {
            return Outcome<MyChoices>.Invalid(validation);
        }

        var userId = UserId(user);
        var settings = await db.Set<NotificationSettings>().SingleOrDefaultAsync(s => s.UserId == userId, cancellationToken);
        if (settings is null)
        {
            settings = new NotificationSettings { UserId = userId };
            db.Add(settings);
        }
        settings.Enabled = request.Enabled!.Value;
        settings.DigestHour = request.DigestHour!.Value;
        settings.TimeZone = zone!.Id;
        settings.Language = language!;

        var stored = await db.Set<GroupNotificationSetting>().Where(s => s.UserId == userId).ToDictionaryAsync(s => s.GroupId, cancellationToken);
        foreach (var (groupId, mode) in modes)
        {
            // No row is "each": only other choices are kept.
            if (stored.TryGetValue(groupId, out var row))
            {
                if (mode == NotificationModes.Each)
                {
                    db.Remove(row);
                }
                else
                {
                    row.Mode = mode;
                }
            }
            else if (mode != NotificationModes.Each)
            {
                db.Add(new GroupNotificationSetting { UserId = userId, GroupId = groupId, Mode = mode });
            }
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request saved this person's first choices at the same moment.
            return Outcome<MyChoices>.Conflict("Your choices were being saved from somewhere else at the same moment. Load them again and try once more.");
        }
        return Outcome<MyChoices>.Ok(await GetAsync(user, cancellationToken));
    }

    /// <summary>The kinds the person switched off with unsubscribe links, newest first, with the names of the groups they
    /// may still read.</summary>
    public async Task<IReadOnlyList<OptOutView>> OptOutsAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var userId = UserId(user);
        var rows = await db.Set<MailOptOut>().AsNoTracking().Where(o => o.UserId == userId).ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return [];
        }
        var readable = (await rule.ReadableGroupsAsync(user, cancellationToken)).ToDictionary(g => g.GroupId, g => g.Name);
        return rows.OrderByDescending(o => o.CreatedAt).ThenBy(o => o.Kind, StringComparer.Ordinal)
            .Select(o => new OptOutView(o.GroupId, o.Kind, readable.GetValueOrDefault(o.GroupId), o.CreatedAt))
            .ToList();
    }

    /// <summary>Undoes an unsubscribe link: that kind of mail of that group is sent again. Nothing happens for a pair that
    /// was not switched off.</summary>
    public async Task SwitchOnAsync(ClaimsPrincipal user, int groupId, string kind, CancellationToken cancellationToken)
    {
        var userId = UserId(user);
        await db.Set<MailOptOut>().Where(o => o.UserId == userId && o.GroupId == groupId && o.Kind == kind).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Checks each listed group and returns the valid ones' modes, by group.</summary>
    private async Task<Dictionary<int, string>> ValidateGroupsAsync(
        ClaimsPrincipal user, IReadOnlyList<GroupNotificationRequest?> groups, Validation validation, CancellationToken cancellationToken)
    {
        var modes = new Dictionary<int, string>();
        if (groups.Count > GroupsMaxCount)
        {
            validation.Add("groups", "List at most {0} groups; this list has {1}.", GroupsMaxCount, groups.Count);
            return modes;
        }
        var member = (await MemberGroupsAsync(user, cancellationToken)).Select(g => g.GroupId).ToHashSet();
        for (var i = 0; i < groups.Count; i++)
        {
            var field = $"groups[{i}]";
            if (groups[i] is not { } entry)
            {
                validation.Add(field, "Send an object with groupId and mode for each group.");
                continue;
            }
            var mode = NotificationModes.All.FirstOrDefault(m => string.Equals(m, entry.Mode?.Trim(), StringComparison.OrdinalIgnoreCase));
            if (string.IsNullOrWhiteSpace(entry.Mode))
            {
                validation.Add(field + ".mode", "This field is required.");
            }
            else if (mode is null)
            {
                validation.Add(field + ".mode", "Choose each (every event), digest (the daily digest) or off.");
            }
            if (entry.GroupId is not { } groupId)
            {
                validation.Add(field + ".groupId", "This field is required.");
            }
            else if (!member.Contains(groupId))
            {
                // The same answer for a group that does not exist and one the person may not read: nothing is revealed.
                validation.Add(field + ".groupId", "You are not a member of a group with this id.");
            }
            else if (modes.ContainsKey(groupId))
            {
                validation.Add(field + ".groupId", "This group is listed twice.");
            }
            else if (mode is not null)
            {
                modes[groupId] = mode;
            }
        }
        return modes;
    }

    /// <summary>The groups the person is a member of (any role), as the access rule sees them, by name.</summary>
    private async Task<IReadOnlyList<GroupAccess>> MemberGroupsAsync(ClaimsPrincipal user, CancellationToken cancellationToken) =>
        (await rule.ReadableGroupsAsync(user, cancellationToken))
            .Where(g => g.Role is not null)
            .OrderBy(g => g.Name, StringComparer.CurrentCulture)
            .ThenBy(g => g.GroupId)
            .ToList();

    private static string UserId(ClaimsPrincipal user) =>
        user.GetUserId() ?? throw new InvalidOperationException("Mail choices belong to a signed-in person: the route requires authorisation.");
}
