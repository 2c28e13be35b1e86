namespace ChildForum.Testing;

// The JSON of shared/API.md as a client sees it. Tests read responses into these records, not into the
// product's own DTOs, so that a change of the wire format fails a test instead of passing silently.
// Enumerations stay strings: "public", "member", "cso".

public sealed record TokenJson(string TokenType, string AccessToken, long ExpiresIn, string RefreshToken);

public sealed record MeJson(string Id, string Email, string DisplayName, int OrganisationId, string Organisation, string StakeholderType, bool IsAdministrator);

public sealed record OrganisationJson(int Id, string Name, string StakeholderType);

public sealed record GroupJson(
    int Id, string Slug, string Name, string Description, string Visibility, string? MyRole,
    int MemberCount, IReadOnlyDictionary<string, int> Stakeholders);

public sealed record MemberJson(
    string UserId, string DisplayName, string? Email, OrganisationJson Organisation, string Role, DateTimeOffset AddedAt,
    string? InvitationUrl = null);

/// <summary>A user a test created for itself, with a password it can sign in with.</summary>
public sealed record TestUser(string Id, string Email, string Password, string DisplayName, int OrganisationId);
