using System.Text.Json.Serialization;

namespace ChildForum.Core.Security;

/// <summary>A person's role inside one working group.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<GroupRole>))]
public enum GroupRole
{
    [JsonStringEnumMemberName("observer")] Observer = 0,
    [JsonStringEnumMemberName("member")] Member = 1,
    [JsonStringEnumMemberName("facilitator")] Facilitator = 2,
}

[JsonConverter(typeof(JsonStringEnumConverter<GroupVisibility>))]
public enum GroupVisibility
{
    /// <summary>Readable by anyone, anonymous visitors included.</summary>
    [JsonStringEnumMemberName("public")] Public = 0,
    /// <summary>Readable by members (any role) and administrators only.</summary>
    [JsonStringEnumMemberName("members")] Members = 1,
}

public static class GroupRoles
{
    public static string ToWire(this GroupRole role) => role switch
    {
        GroupRole.Observer => "observer",
        GroupRole.Member => "member",
        GroupRole.Facilitator => "facilitator",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static string ToWire(this GroupVisibility visibility) => visibility switch
    {
        GroupVisibility.Public => "public",
        GroupVisibility.Members => "members",
        _ => throw new ArgumentOutOfRangeException(nameof(visibility)),
    };

    public static bool TryParse(string? value, out GroupRole role)
    {
        foreach (var candidate in Enum.GetValues<GroupRole>())
        {
            if (string.Equals(candidate.ToWire(), value?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                role = candidate;
                return true;
            }
        }
        role = default;
        return false;
    }

    public static bool TryParseVisibility(string? value, out GroupVisibility visibility)
    {
        foreach (var candidate in Enum.GetValues<GroupVisibility>())
        {
            if (string.Equals(candidate.ToWire(), value?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                visibility = candidate;
                return true;
            }
        }
        visibility = default;
        return false;
    }
}
