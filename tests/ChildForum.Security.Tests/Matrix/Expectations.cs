using System.Net;

namespace ChildForum.Security.Tests.Matrix;

/// <summary>The access rule of shared/API.md, as the matrix expects it: 404 for what the caller may not read, 401 for an
/// anonymous caller on a signed-in route, 403 for readable but not allowed, 2xx when allowed; a locked account's token
/// answers 401 everywhere. Pages answer with the sign-in redirect instead of 401.</summary>
public static class Expectations
{
    public static Answer For(RouteRow row, Caller caller, GroupScene group)
    {
        if (row.Except is not null && row.Except.TryGetValue(caller, out var answer))
        {
            return answer;
        }
        if (caller == Caller.LockedPerson)
        {
            return Answer.SessionEnded;
        }
        var anonymous = caller == Caller.Anonymous;
        switch (row.Need)
        {
            case Need.Nothing:
                return Answer.Allowed;
            case Need.SignedIn:
                return anonymous ? Answer.SignIn : Answer.Allowed;
            case Need.Administrator:
                return anonymous ? Answer.SignIn : caller == Caller.Administrator ? Answer.Allowed : Answer.Forbidden;
        }

        if (row.Need == Need.FacilitatorsElseNotFound)
        {
            return caller.Facilitates() ? Answer.Allowed : Answer.NotFound;
        }
        var readable = group.IsPublic || caller.ReadsMembersOnlyGroup();
        if (!readable)
        {
            return anonymous && row.Need != Need.Read ? Answer.SignInOrNotFound : Answer.NotFound;
        }
        var allowed = row.Need switch
        {
            Need.Read => true,
            Need.Contribute => caller is Caller.Member or Caller.Facilitator,
            Need.Facilitate => caller.Facilitates(),
            Need.Author => caller == Caller.Member,
            Need.AuthorOrFacilitator => caller == Caller.Member || caller.Facilitates(),
            _ => false,
        };
        return allowed ? Answer.Allowed : anonymous ? Answer.SignIn : Answer.Forbidden;
    }

    /// <summary>Whether <paramref name="response"/> is the expected <paramref name="answer"/>; otherwise what was expected, in words.</summary>
    public static string? Mismatch(RouteRow row, Answer answer, HttpResponseMessage response)
    {
        var status = response.StatusCode;
        var location = response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l.AbsolutePath : l.OriginalString) : "";
        var toSignIn = status is HttpStatusCode.Redirect or HttpStatusCode.Found
            && location.StartsWith("/account/login", StringComparison.OrdinalIgnoreCase);
        var allowed = row.Allowed is { } statuses ? statuses.Contains(status) : (int)status is >= 200 and < 300;
        var ok = answer switch
        {
            Answer.Allowed => allowed,
            Answer.SignIn => row.IsPage ? toSignIn : status == HttpStatusCode.Unauthorized,
            Answer.Forbidden => status == HttpStatusCode.Forbidden,
            Answer.NotFound => status == HttpStatusCode.NotFound,
            Answer.SignInOrNotFound => status == HttpStatusCode.NotFound || (row.IsPage ? toSignIn : status == HttpStatusCode.Unauthorized),
            Answer.SessionEnded => status == HttpStatusCode.Unauthorized,
            _ => false,
        };
        return ok ? null : answer switch
        {
            Answer.Allowed => row.Allowed is { } s ? string.Join(" or ", s.Select(x => (int)x)) : "2xx",
            Answer.SignIn => row.IsPage ? "302 to /account/login" : "401",
            Answer.Forbidden => "403",
            Answer.NotFound => "404",
            Answer.SignInOrNotFound => row.IsPage ? "302 to /account/login or 404" : "401 or 404",
            Answer.SessionEnded => "401 (session ended)",
            _ => answer.ToString(),
        };
    }
}
