using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace ChildForum.Core.Localization;

/// <summary>A text the site writes down for later readers (a notification, an audit entry) as it is stored: the English
/// template, which is also its key in the module's translations, and the arguments that fill it: what people wrote
/// (titles, names, dates) as strings, and phrases of the module's own (written with <c>Notice.T</c> too), which are
/// translated too. It is put into the reader's language when it is shown (<see cref="NoticeTexts"/>), so it reads in the
/// language of the page, as every other text does, whoever wrote it in whichever language.</summary>
public sealed record NoticeText(string Template, IReadOnlyList<object> Arguments)
{
    /// <summary>The text in English: kept with the record, for a template no module translates any more.</summary>
    public string English => Localize(_ => null);

    /// <summary>The text with each template (this one and its phrases') translated where <paramref name="translate"/>
    /// knows it.</summary>
    public string Localize(Func<string, string?> translate)
    {
        var arguments = Arguments.Select(a => a is NoticeText phrase ? phrase.Localize(translate) : WrittenText(a)).ToArray();
        var template = translate(Template) ?? Template;
        try
        {
            return string.Format(CultureInfo.InvariantCulture, template, arguments);
        }
        catch (FormatException)
        {
            // Fewer arguments than the template asks for (a stored row that could not be read): the template as it is.
            return template;
        }
    }

    /// <summary>The arguments as stored: a JSON array of strings and of phrases ({"template", "arguments"}).</summary>
    public string ArgumentsJson => ToJson(Arguments).ToJsonString();

    private static JsonArray ToJson(IReadOnlyList<object> arguments) =>
        [.. arguments.Select(a => a is NoticeText phrase
            ? (JsonNode)new JsonObject { ["template"] = phrase.Template, ["arguments"] = ToJson(phrase.Arguments) }
            : JsonValue.Create(WrittenText(a)))];

    /// <summary>The same text with every argument people wrote (at any depth) put through <paramref name="map"/>; the
    /// templates are the module's own and stay. Used to take names out of notifications already sent when a meeting
    /// goes under Chatham House.</summary>
    public NoticeText MapWritten(Func<string, string> map) =>
        this with { Arguments = [.. Arguments.Select(a => a is NoticeText phrase ? phrase.MapWritten(map) : (object)map(WrittenText(a)))] };

    /// <summary>Every argument people wrote, at any depth.</summary>
    public IEnumerable<string> Written => Arguments.SelectMany(a => a is NoticeText phrase ? phrase.Written : [WrittenText(a)]);

    /// <summary>An argument that is not a phrase: what someone wrote (a string; anything else counts as empty).</summary>
    private static string WrittenText(object argument) => argument as string ?? "";

    /// <summary>A stored text, or null when it was kept as English text only (<paramref name="template"/> null).</summary>
    public static NoticeText? Stored(string? template, string? argumentsJson) =>
        template is null ? null : new NoticeText(template, ParseArguments(argumentsJson));

    /// <summary>The stored arguments; anything unreadable counts as no arguments (the template is then shown as it is).</summary>
    private static IReadOnlyList<object> ParseArguments(string? json)
    {
        try
        {
            return json is null || JsonNode.Parse(json) is not JsonArray array ? [] : FromJson(array);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return [];
        }
    }

    private static List<object> FromJson(JsonArray array) =>
        [.. array.Select(node => node is JsonObject phrase && phrase["template"] is JsonValue template && phrase["arguments"] is JsonArray arguments
            ? new NoticeText(template.GetValue<string>(), FromJson(arguments))
            : (object)(node?.GetValue<string>() ?? ""))];
}

/// <summary>Writes a stored text as views write theirs, <c>Notice.T[template, arguments]</c> with a literal template: the
/// translation test finds every template written this way and holds its module to a Chinese translation.</summary>
public static class Notice
{
    public static NoticeTemplates T { get; } = new();
}

public sealed class NoticeTemplates
{
    public NoticeText this[string template, params object?[] arguments] =>
        new(template, [.. arguments.Select(a => a as NoticeText ?? (object)(Convert.ToString(a, CultureInfo.InvariantCulture) ?? ""))]);
}

/// <summary>A module whose stored texts (notifications, audit entries) are translated by its resource <see cref="Resource"/>.</summary>
public sealed record NoticeResource(Type Resource);

/// <summary>Puts a stored text into the language of the request: the first module translation that knows its template,
/// else the English template, filled with the stored arguments. Texts stored before templates were kept (no template)
/// show their English text.</summary>
public sealed class NoticeTexts(IStringLocalizerFactory factory, IEnumerable<NoticeResource> resources)
{
    private readonly IReadOnlyList<IStringLocalizer> _localizers = [.. resources.Select(r => factory.Create(r.Resource))];

    public string Show(string? template, string? argumentsJson, string english) =>
        NoticeText.Stored(template, argumentsJson) is { } text ? Show(text) : english;

    public string Show(NoticeText text) => text.Localize(Translate);

    private string? Translate(string template)
    {
        foreach (var localizer in _localizers)
        {
            var translated = localizer[template];
            if (!translated.ResourceNotFound)
            {
                return translated.Value;
            }
        }
        return null;
    }
}

public static class NoticeServiceCollectionExtensions
{
    /// <summary>The module's notifications and audit entries are translated by <typeparamref name="TResource"/>'s resources.</summary>
    public static IServiceCollection AddNoticeTexts<TResource>(this IServiceCollection services) =>
        services.AddSingleton(new NoticeResource(typeof(TResource)));
}
