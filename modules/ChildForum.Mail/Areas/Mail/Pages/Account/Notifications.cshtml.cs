using System.Globalization;
using System.Text.RegularExpressions;
using ChildForum.Core.Http;
using ChildForum.Core.Localization;
using ChildForum.Mail.Localization;
using ChildForum.Mail.Models;
using ChildForum.Mail.Services.Choices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ChildForum.Mail.Areas.Mail.Pages.Account;

/// <summary>The form as a browser posts it: every value as text, so that anything a browser (or a person editing the
/// request) sends gets the service's sentence next to its field rather than a model-binding error.</summary>
public sealed class ChoicesForm
{
    /// <summary>The checkbox: <c>true</c> when ticked, absent otherwise.</summary>
    public string? Enabled { get; set; }
    public string? DigestHour { get; set; }
    public string? TimeZone { get; set; }
    public string? Language { get; set; }
    public List<GroupModeForm> Groups { get; set; } = [];

    public static ChoicesForm From(MyChoices choices) => new()
    {
        Enabled = choices.Settings.Enabled ? "true" : null,
        DigestHour = choices.Settings.DigestHour.ToString(CultureInfo.InvariantCulture),
        TimeZone = choices.Settings.TimeZone,
        Language = choices.Settings.Language,
        Groups = choices.Groups.Select(g => new GroupModeForm { GroupId = g.Group.GroupId.ToString(CultureInfo.InvariantCulture), Mode = g.Mode }).ToList(),
    };

    public NotificationSettingsRequest ToRequest() => new(
        Enabled == "true",
        Number(DigestHour),
        TimeZone,
        Language,
        Groups.Select(g => new GroupNotificationRequest(Number(g.GroupId), g.Mode)).ToList());

    /// <summary>Empty is missing; text that is not a whole number is out of range, so the service names the field.</summary>
    private static int? Number(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : -1;
}

public sealed class GroupModeForm
{
    public string? GroupId { get; set; }
    public string? Mode { get; set; }
}

/// <summary><c>/account/notifications</c>: what mail a person gets. The one switch, the digest's hour and time zone (guessed
/// from the browser by a small script while nothing is saved; the page works without it), the language of mail, a mode
/// per group, and the kinds switched off by unsubscribe links, each of which can be switched on again.</summary>
[Authorize]
public sealed partial class NotificationsModel(NotificationChoices choices, MailKindNames kindNames, IStringLocalizer<MailResource> t, TimeProvider clock) : PageModel
{
    [BindProperty] public ChoicesForm Form { get; set; } = new();

    public MyChoices Choices { get; private set; } = null!;
    public IReadOnlyList<OptOutView> OptOuts { get; private set; } = [];
    public IReadOnlyList<TimeZoneOption> Zones { get; private set; } = [];

    /// <summary>Errors by field, in the page's language (the keys as the API names them: <c>digestHour</c>, <c>groups[0].mode</c>).</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Form = ChoicesForm.From(Choices);
        if (!Choices.Saved)
        {
            // Nothing saved yet: mail in the language the person reads the site in.
            Form.Language = CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal) ? ForumCultures.SimplifiedChinese : ForumCultures.English;
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var outcome = await choices.SaveAsync(User, Form.ToRequest(), cancellationToken);
        if (outcome.Succeeded)
        {
            TempData["StatusMessage"] = t["Your mail choices have been saved."].Value;
            return RedirectToPage();
        }
        await LoadAsync(cancellationToken);
        Errors = outcome.Validation?.ToDictionary(t) ?? new Dictionary<string, string[]> { [""] = [t[outcome.Describe()].Value] };
        return Page();
    }

    public async Task<IActionResult> OnPostSwitchOnAsync(int group, string? kind, CancellationToken cancellationToken)
    {
        if (MailKindNames.IsSwitchable(kind))
        {
            await choices.SwitchOnAsync(User, group, kind!, cancellationToken);
            TempData["StatusMessage"] = t["Switched on again: {0}.", kindNames.Name(kind!)].Value;
        }
        return RedirectToPage();
    }

    public string KindName(string kind) => kindNames.Name(kind);

    /// <summary>The mode to show checked for a group: what was just posted for it, else what is saved.</summary>
    public string ModeOf(GroupChoice group) =>
        Form.Groups.FirstOrDefault(g => g.GroupId == group.Group.GroupId.ToString(CultureInfo.InvariantCulture))?.Mode is { } posted
            && NotificationModes.All.Contains(posted) ? posted : group.Mode;

    /// <summary>The error of a group's row (its mode or its id), by group id.</summary>
    public string? GroupError(GroupChoice group)
    {
        var index = Form.Groups.FindIndex(g => g.GroupId == group.Group.GroupId.ToString(CultureInfo.InvariantCulture));
        var messages = Errors.Where(e => GroupField().Match(e.Key) is { Success: true } m && int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) == index)
            .SelectMany(e => e.Value).ToList();
        return messages.Count == 0 ? null : string.Join(" ", messages);
    }

    public string? Error(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Choices = await choices.GetAsync(User, cancellationToken);
        OptOuts = await choices.OptOutsAsync(User, cancellationToken);
        Zones = TimeZones.Options(clock.GetUtcNow());
    }

    [GeneratedRegex(@"^groups\[(\d+)\]")]
    private static partial Regex GroupField();
}
