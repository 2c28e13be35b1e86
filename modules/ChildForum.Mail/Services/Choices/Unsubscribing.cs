using ChildForum.Core.Data;
using ChildForum.Core.Http;
using ChildForum.Core.Identity;
using ChildForum.Core.Security;
using ChildForum.Mail.Models;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Mail.Services.Choices;

/// <summary>What an unsubscribe link switches off, in words for its holder.</summary>
/// <param name="GroupId">0 for site mail (the daily digest).</param>
/// <param name="GroupName">The group's name when the token's person may still read it; null for site mail or when
/// they may not (then the page says "a group you are no longer in").</param>
/// <param name="AlreadyOff">Whether it is switched off already (a second click changes nothing).</param>
public sealed record UnsubscribeLink(UnsubscribeRequest Request, string KindName, int GroupId, string? GroupName, bool AlreadyOff);

/// <summary>One-click unsubscribe (RFC 8058) without signing in: the signed token names the person, the group and the
/// kind, so it is the whole authority. The group's name is shown only when the token's person may still read the group,
/// which the access rule decides with that person's principal.</summary>
public sealed class Unsubscribing(
    UnsubscribeTokens tokens, ForumDbContext db, UserManager<ForumUser> users, IUserClaimsPrincipalFactory<ForumUser> principals,
    AccessRule rule, MailKindNames names, TimeProvider clock)
{
    public const string TokenField = "token";

    /// <summary>The link's meaning, or a field error on <c>token</c> for a forged, garbled or outdated link.</summary>
    public async Task<Outcome<UnsubscribeLink>> ReadAsync(string? token, CancellationToken cancellationToken)
    {
        if (tokens.Read(token) is not { } request || !MailKindNames.IsSwitchable(request.Kind) || request.GroupId < 0)
        {
            return Outcome<UnsubscribeLink>.Invalid(TokenField,
                "This unsubscribe link is not valid: it may have been cut short when it was copied. Use the whole link from the mail, or sign in and choose what you receive on your notifications page.");
        }
        if (await users.FindByIdAsync(request.UserId) is not { } person)
        {
            return Outcome<UnsubscribeLink>.Invalid(TokenField, "This link belongs to an account that no longer exists: no mail is sent to it.");
        }
        string? groupName = null;
        if (request.GroupId != 0)
        {
            var decision = await rule.CheckAsync(await principals.CreateAsync(person), request.GroupId, GroupPermissions.Read, cancellationToken);
            groupName = decision.Allowed ? decision.Group.Name : null;
        }
        var off = await db.Set<MailOptOut>().AnyAsync(o => o.UserId == request.UserId && o.GroupId == request.GroupId && o.Kind == request.Kind, cancellationToken);
        return Outcome<UnsubscribeLink>.Ok(new UnsubscribeLink(request, names.Name(request.Kind), request.GroupId, groupName, off));
    }

    /// <summary>Switches the link's kind of mail off for its person and group. Idempotent: a second click, or two at once,
    /// leave one opt-out.</summary>
    public async Task<Outcome<UnsubscribeLink>> UnsubscribeAsync(string? token, CancellationToken cancellationToken)
    {
        var read = await ReadAsync(token, cancellationToken);
        if (!read.Succeeded || read.Value!.AlreadyOff)
        {
            return read;
        }
        var request = read.Value.Request;
        db.Add(new MailOptOut { UserId = request.UserId, GroupId = request.GroupId, Kind = request.Kind, CreatedAt = clock.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same link followed twice at once: the other request recorded it. Anything else is a real failure.
            db.ChangeTracker.Clear();
            if (!await db.Set<MailOptOut>().AnyAsync(o => o.UserId == request.UserId && o.GroupId == request.GroupId && o.Kind == request.Kind, cancellationToken))
            {
                throw;
            }
        }
        return Outcome<UnsubscribeLink>.Ok(read.Value with { AlreadyOff = true });
    }
}
