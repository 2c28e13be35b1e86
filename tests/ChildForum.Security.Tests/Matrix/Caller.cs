namespace ChildForum.Security.Tests.Matrix;

/// <summary>The eight kinds of caller every route is tried with. Each is a person of the matrix's own (the administrator
/// is the demo's, who is in none of the matrix's groups); group roles hold in both of the matrix's groups.</summary>
public enum Caller
{
    /// <summary>No credentials at all.</summary>
    Anonymous,

    /// <summary>Signed in, in no group.</summary>
    Outsider,

    Observer,
    Member,
    Facilitator,

    /// <summary>The site administrator, who is not a member of the groups.</summary>
    Administrator,

    /// <summary>Was a member of both groups and was removed (DELETE …/members/{userId}); still holds the token from before.</summary>
    RemovedMember,

    /// <summary>Was a member of both groups, signed in, then had the account locked (sessions ended): the token from
    /// before must answer 401 everywhere.</summary>
    LockedPerson,
}

public static class Callers
{
    public static IReadOnlyList<Caller> All { get; } = Enum.GetValues<Caller>();

    /// <summary>Whether the caller may read a members-only group of the matrix.</summary>
    public static bool ReadsMembersOnlyGroup(this Caller caller) =>
        caller is Caller.Observer or Caller.Member or Caller.Facilitator or Caller.Administrator;

    /// <summary>Facilitators of the group and administrators: they see hidden messages, minutes drafts and unpublished agendas.</summary>
    public static bool Facilitates(this Caller caller) => caller is Caller.Facilitator or Caller.Administrator;
}
