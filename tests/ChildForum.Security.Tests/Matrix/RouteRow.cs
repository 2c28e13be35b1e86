using System.Net;
using System.Text.RegularExpressions;

namespace ChildForum.Security.Tests.Matrix;

/// <summary>What a route needs of its caller, in the words of shared/API.md.</summary>
public enum Need
{
    /// <summary>Anyone, anonymous visitors included.</summary>
    Nothing,
    /// <summary>A signed-in person.</summary>
    SignedIn,
    /// <summary>A site administrator.</summary>
    Administrator,
    /// <summary>Whoever may read the group: anyone for a public group, its members (any role) and administrators otherwise.</summary>
    Read,
    /// <summary>Members and facilitators of the group (not observers, not administrators who are not members).</summary>
    Contribute,
    /// <summary>Facilitators of the group and administrators.</summary>
    Facilitate,
    /// <summary>The author of the object (the scene's member), who must still be able to read it.</summary>
    Author,
    /// <summary>The author (the scene's member), or a facilitator of the group or an administrator.</summary>
    AuthorOrFacilitator,
    /// <summary>Facilitators of the group and administrators; withheld from everyone else as if it did not exist (404).</summary>
    FacilitatorsElseNotFound,
}

/// <summary>The answer a caller should get, before it is turned into a status.</summary>
public enum Answer
{
    /// <summary>Allowed: the row's success statuses (any 2xx unless the row says otherwise).</summary>
    Allowed,
    /// <summary>Sign in first: 401 from the API, the redirect to /account/login from a page.</summary>
    SignIn,
    /// <summary>Readable but not allowed: 403.</summary>
    Forbidden,
    /// <summary>Not readable by the caller: 404, as if it did not exist.</summary>
    NotFound,
    /// <summary>An anonymous caller on a signed-in route of a group it may not read: "sign in" or "not found" both hide the group.</summary>
    SignInOrNotFound,
    /// <summary>The account was locked: its token answers 401 on every route.</summary>
    SessionEnded,
}

/// <summary>One row of the matrix: a route of the site, how to call it from the scene, and what it needs.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Template">The route template as the site maps it (constraints included), e.g. <c>api/v1/drafts/{id:int}</c>.</param>
/// <param name="Need">What the route needs of its caller; the expected answer of each caller follows from it (<see cref="Expectations"/>).</param>
/// <param name="Path">The URL to call, filled from the scene's group.</param>
public sealed partial record RouteRow(string Method, string Template, Need Need, Func<GroupScene, string> Path)
{
    /// <summary>A Razor page (answers are pages: the sign-in redirect, 403 and 404 pages) rather than the API.</summary>
    public bool IsPage { get; init; }

    /// <summary>A valid request body: an object sent as JSON, a <see cref="Form"/>, or ready <see cref="HttpContent"/>.</summary>
    public Func<GroupScene, object?>? Body { get; init; }

    /// <summary>Objects made new for every request (a changing route must not change what later rows read).</summary>
    public Fresh Fresh { get; init; }

    /// <summary>Statuses that mean "allowed", when not any 2xx.</summary>
    public IReadOnlyList<HttpStatusCode>? Allowed { get; init; }

    /// <summary>Answers that differ from what <see cref="Need"/> gives, with the reason in <see cref="Why"/>.</summary>
    public IReadOnlyDictionary<Caller, Answer>? Except { get; init; }

    /// <summary>Why this row is as it is, where that is not obvious.</summary>
    public string? Why { get; init; }

    /// <summary>Run after every other row, on its own: the route changes something other rows read (the search index).</summary>
    public bool RunsAlone { get; init; }

    /// <summary>Set for a route of the contract the site does not have yet: the row waits (skipped) until the route exists.</summary>
    public string? Pending { get; init; }

    /// <summary>A text readers (callers who are allowed) must find in the answer, so the row cannot pass on an empty answer.</summary>
    public Func<GroupScene, string>? Shows { get; init; }

    /// <summary>Whether the route shows meetings (or calendars, or search results), where a Chatham House speaker must not be named.</summary>
    public bool ShowsMeetings => new[] { "meeting", "calendar", "search" }.Any(word => Template.Contains(word, StringComparison.OrdinalIgnoreCase));

    /// <summary>Rows about a group run for the members-only and the public group; the others once.</summary>
    public bool PerGroup => Need is Need.Read or Need.Contribute or Need.Facilitate or Need.Author or Need.AuthorOrFacilitator or Need.FacilitatorsElseNotFound;

    /// <summary>Names a second row of the same route (another object of the scene).</summary>
    public string? Variant { get; init; }

    /// <summary>"POST api/v1/drafts/{id:int}/comments": the row's name in test output and in <see cref="KnownFindings"/>.</summary>
    public string Key => Variant is null ? $"{Method} {Template}" : $"{Method} {Template} ({Variant})";

    /// <summary>The method and template with parameter names and constraints left out, to match an endpoint of the site.</summary>
    public string MatchKey => MatchKeyOf(Method, Template);

    /// <remarks>A page handler other than the default is named as <c>?handler=Name</c> after the template.</remarks>
    public static string MatchKeyOf(string method, string template) =>
        $"{method.ToUpperInvariant()} /{Parameter().Replace(template.Trim('/'), "{}").ToLowerInvariant()}".Replace("/?", "?", StringComparison.Ordinal);

    public override string ToString() => Key;

    [GeneratedRegex(@"\{[^}]*\}", RegexOptions.CultureInvariant)]
    private static partial Regex Parameter();
}

/// <summary>A form post as a browser sends it, with the antiforgery cookie and token of a page the caller read first.</summary>
public sealed record Form(IReadOnlyDictionary<string, string> Fields);
