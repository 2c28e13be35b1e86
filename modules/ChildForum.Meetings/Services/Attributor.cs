using System.Text;
using System.Text.RegularExpressions;
using ChildForum.Meetings.Models;

namespace ChildForum.Meetings.Services;

/// <summary>A person who may be named in a meeting's record: a member of the group or someone on the attendance list.</summary>
public sealed record Participant(string UserId, string DisplayName, int OrganisationId, string Organisation, string StakeholderType);

/// <summary>Turns what a minute-taker wrote into what readers see. A speaker is marked with <c>@</c> and their
/// display name (<c>@Zhang Min</c>). Under <c>named</c> attribution that becomes "**Zhang Min** (Sunflower Centre)";
/// under <c>chatham-house</c> it becomes the stakeholder type ("**a participant from civil society**"), and so do
/// names of participants and their organisations written in plain words: the system, not the writer's care,
/// keeps names out of what readers can reach. <see cref="Warnings"/> tells the writer where plain names were found.</summary>
public sealed partial class Attributor
{
    private readonly IReadOnlyList<Participant> _participants;
    private readonly Regex? _mention;
    private readonly Regex? _plainName;
    private readonly Dictionary<string, Participant> _byName;
    private readonly Dictionary<string, string> _organisations;

    /// <param name="participants">The people to look for. When two share a name (or organisations share one), the first
    /// of them decides the stakeholder type shown: callers give them in a stable order.</param>
    /// <param name="moreOrganisations">Organisations to look for besides those of <paramref name="participants"/> (an
    /// organisation whose name a text holds while none of its people are named in it).</param>
    public Attributor(IEnumerable<Participant> participants, IEnumerable<(string Name, string Type)>? moreOrganisations = null)
    {
        var everyone = participants.DistinctBy(p => p.UserId).ToList();
        _participants = everyone.Where(p => p.DisplayName.Trim().Length >= 2).ToList();
        _byName = _participants.GroupBy(p => p.DisplayName.Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        // Organisations of everyone, also of people whose names are too short to look for.
        _organisations = everyone.Select(p => (Name: p.Organisation, Type: p.StakeholderType)).Concat(moreOrganisations ?? [])
            .Where(o => o.Name.Trim().Length >= 2).GroupBy(o => o.Name.Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Type, StringComparer.OrdinalIgnoreCase);
        // Longest names first, so that "Li Wen (facilitator)" wins over "Li Wen".
        var names = _byName.Keys.OrderByDescending(n => n.Length).Select(Regex.Escape).ToList();
        var organisations = _organisations.Keys.OrderByDescending(n => n.Length).Select(Regex.Escape).ToList();
        if (names.Count > 0)
        {
            _mention = new Regex("@(" + string.Join("|", names) + ")", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(2));
        }
        var plain = organisations.Concat(names).OrderByDescending(n => n.Length).ToList();
        if (plain.Count > 0)
        {
            _plainName = new Regex("(" + string.Join("|", plain) + ")", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(2));
        }
    }

    public IReadOnlyList<Participant> Participants => _participants;

    /// <summary>Names and organisations written without <c>@</c> (each once, in order of appearance).</summary>
    public IReadOnlyList<string> Warnings(string text)
    {
        if (_plainName is null)
        {
            return [];
        }
        var withoutMentions = _mention is null ? text : _mention.Replace(text, "");
        return _plainName.Matches(withoutMentions).Select(m => m.Value).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>The text readers see. <paramref name="language"/> chooses the words for stakeholder types.</summary>
    public string Apply(string text, string attribution, string language)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }
        var chatham = attribution == Attributions.ChathamHouse;
        if (_mention is not null)
        {
            text = _mention.Replace(text, m =>
            {
                var person = _byName[m.Groups[1].Value];
                return chatham ? $"**{PersonLabel(person.StakeholderType, language)}**" : $"**{person.DisplayName}** ({person.Organisation})";
            });
        }
        if (chatham && _plainName is not null)
        {
            text = _plainName.Replace(text, m => _organisations.TryGetValue(m.Value, out var type) && !_byName.ContainsKey(m.Value)
                ? OrganisationLabel(type, language)
                : PersonLabel(_byName[m.Value].StakeholderType, language));
        }
        return text;
    }

    /// <summary>Plain text (titles, presenters, decisions) under Chatham House: names replaced, no Markdown added.</summary>
    public string Anonymise(string? text, string language)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }
        if (_mention is not null)
        {
            text = _mention.Replace(text, m => PersonLabel(_byName[m.Groups[1].Value].StakeholderType, language));
        }
        return _plainName is null ? text : _plainName.Replace(text, m => _organisations.TryGetValue(m.Value, out var type) && !_byName.ContainsKey(m.Value)
            ? OrganisationLabel(type, language)
            : PersonLabel(_byName[m.Value].StakeholderType, language));
    }

    public static string PersonLabel(string stakeholderType, string language) => IsChinese(language)
        ? stakeholderType switch
        {
            "cso" => "一位社会组织代表",
            "university" => "一位高校代表",
            "business" => "一位企业代表",
            "government" => "一位政府部门代表",
            _ => "一位与会者",
        }
        : stakeholderType switch
        {
            "cso" => "a participant from civil society",
            "university" => "a participant from a university",
            "business" => "a participant from business",
            "government" => "a participant from government",
            _ => "a participant",
        };

    public static string OrganisationLabel(string stakeholderType, string language) => IsChinese(language)
        ? stakeholderType switch
        {
            "cso" => "一家社会组织",
            "university" => "一所高校",
            "business" => "一家企业",
            "government" => "一个政府部门",
            _ => "一家机构",
        }
        : stakeholderType switch
        {
            "cso" => "a civil-society organisation",
            "university" => "a university",
            "business" => "a business",
            "government" => "a government department",
            _ => "an organisation",
        };

    public static bool IsChinese(string language) => language.StartsWith("zh", StringComparison.OrdinalIgnoreCase);

    /// <summary>zh-Hans when the text has Chinese characters, otherwise en.</summary>
    public static string DetectLanguage(string text) => HanCharacter().IsMatch(text) ? "zh-Hans" : "en";

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex HanCharacter();

    /// <summary>A minutes skeleton: one heading per agenda item, for the writer to fill in.</summary>
    public static string Skeleton(IEnumerable<string> agendaTitles)
    {
        var text = new StringBuilder();
        foreach (var title in agendaTitles)
        {
            text.Append("## ").AppendLine(title).AppendLine().AppendLine();
        }
        return text.ToString().TrimEnd() + "\n";
    }
}
