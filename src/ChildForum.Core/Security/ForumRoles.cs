namespace ChildForum.Core.Security;

/// <summary>Site-wide roles (ASP.NET Core Identity roles). Group roles are <see cref="GroupRole"/>.</summary>
public static class ForumRoles
{
    public const string Administrator = "Administrator";
}

/// <summary>Authorisation policy names used with <c>RequireAuthorization</c>.</summary>
public static class ForumPolicies
{
    public const string Administrator = "Administrator";
    public const string SignedIn = "SignedIn";
}
