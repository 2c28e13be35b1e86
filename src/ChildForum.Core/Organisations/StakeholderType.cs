using System.Text.Json.Serialization;

namespace ChildForum.Core.Organisations;

/// <summary>The four kinds of organisation that take part in a forum. Serialised as <c>cso</c>, <c>university</c>, <c>business</c>, <c>government</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StakeholderType>))]
public enum StakeholderType
{
    [JsonStringEnumMemberName("cso")] Cso,
    [JsonStringEnumMemberName("university")] University,
    [JsonStringEnumMemberName("business")] Business,
    [JsonStringEnumMemberName("government")] Government,
}

public static class StakeholderTypes
{
    public static IReadOnlyList<StakeholderType> All { get; } = Enum.GetValues<StakeholderType>();

    public static string ToWire(this StakeholderType type) => type switch
    {
        StakeholderType.Cso => "cso",
        StakeholderType.University => "university",
        StakeholderType.Business => "business",
        StakeholderType.Government => "government",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static bool TryParse(string? value, out StakeholderType type)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ToWire(), value?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                type = candidate;
                return true;
            }
        }
        type = default;
        return false;
    }

    /// <summary>English label; pages pass it through their localizer.</summary>
    public static string Label(this StakeholderType type) => type switch
    {
        StakeholderType.Cso => "Civil-society organisation",
        StakeholderType.University => "University",
        StakeholderType.Business => "Business",
        StakeholderType.Government => "Government",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
