using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace ChildForum.Core.Notifications;

/// <summary>A notification's text as it is stored: the English template, which is also its key in the module's
/// translations, and the arguments (titles, names, dates) that fill it. It is put into the reader's language when it
/// is shown, so a notification reads in the language of the page, as every other text does.</summary>
public sealed record NoticeText(string Template, IReadOnlyList<string> Arguments)
{
    /// <summary>The text in English: kept with the notification, for a template no module translates any more.</summary>
    public string English => Format(Template, Arguments);

    internal string ArgumentsJson => JsonSerializer.Serialize(Arguments);

    internal static IReadOnlyList<string> ParseArguments(string? json)
    {
        try
        {
            return json is null ? [] : JsonSerializer.Deserialize<List<string>>(json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    internal static string Format(string template, IReadOnlyList<string> arguments)
    {
        try
        {
            return string.Format(CultureInfo.InvariantCulture, template, [.. arguments]);
        }
        catch (FormatException)
        {
            return template;
        }
    }
}

/// <summary>Writes a notification's text as views write theirs, <c>Notice.T[template, arguments]</c> with a literal template: the
/// translation test finds every template written this way and holds its module to a Chinese translation.</summary>
public static class Notice
{
    public static NoticeTemplates T { get; } = new();
}

public sealed class NoticeTemplates
{
    public NoticeText this[string template, params object?[] arguments] =>
        new(template, [.. arguments.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) ?? "")]);
}

/// <summary>A module whose notifications are translated by its resource <see cref="Resource"/>.</summary>
public sealed record NotificationResource(Type Resource);

/// <summary>Puts a stored notification into the language of the request: the first module translation that knows its
/// template, else the English template, filled with the stored arguments. Notifications stored before templates were
/// kept (no template) show their English text.</summary>
public sealed class NotificationTexts(IStringLocalizerFactory factory, IEnumerable<NotificationResource> resources)
{
    private readonly IReadOnlyList<IStringLocalizer> _localizers = [.. resources.Select(r => factory.Create(r.Resource))];

    public string Show(Notification notification)
    {
        if (notification.Template is null)
        {
            return notification.Text;
        }
        var arguments = NoticeText.ParseArguments(notification.Arguments);
        foreach (var localizer in _localizers)
        {
            var translated = localizer[notification.Template];
            if (!translated.ResourceNotFound)
            {
                return Notifier.Shorten(NoticeText.Format(translated.Value, arguments));
            }
        }
        return Notifier.Shorten(NoticeText.Format(notification.Template, arguments));
    }
}

public static class NotificationServiceCollectionExtensions
{
    /// <summary>The module's notifications are translated by <typeparamref name="TResource"/>'s resources.</summary>
    public static IServiceCollection AddNotificationTexts<TResource>(this IServiceCollection services) =>
        services.AddSingleton(new NotificationResource(typeof(TResource)));
}
