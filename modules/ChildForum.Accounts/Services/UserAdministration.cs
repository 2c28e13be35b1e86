using ChildForum.Core.Audit;
using ChildForum.Core.Data;
using ChildForum.Core.Http;
using ChildForum.Core.Identity;
using ChildForum.Core.Organisations;
using ChildForum.Core.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Accounts.Services;

public sealed record UserRow(string Id, string Email, string DisplayName, string Organisation, StakeholderType StakeholderType,
    bool IsAdministrator, bool IsLockedOut, bool InvitationPending);

/// <summary>What administrators do to accounts: create (with an invitation link), grant or revoke the
/// administrator role, lock and unlock. Each change is audited.</summary>
public sealed class UserAdministration(UserManager<ForumUser> users, RoleManager<IdentityRole> roles, ForumDbContext db, IUserInvitations invitations, IAuditLog audit, BearerSessions sessions, TimeProvider clock)
{
    public async Task<IReadOnlyList<UserRow>> ListAsync(string? search, CancellationToken cancellationToken)
    {
        var query = db.Users.Include(u => u.Organisation).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToUpperInvariant();
            query = query.Where(u => u.NormalizedEmail!.Contains(term) || u.DisplayName.ToUpper().Contains(term));
        }
        var list = await query.OrderBy(u => u.Email).Take(500).ToListAsync(cancellationToken);
        var adminIds = (await users.GetUsersInRoleAsync(ForumRoles.Administrator)).Select(u => u.Id).ToHashSet();
        var now = clock.GetUtcNow();
        return list.Select(u => new UserRow(u.Id, u.Email!, u.DisplayName, u.Organisation!.Name, u.Organisation.StakeholderType,
            adminIds.Contains(u.Id), u.LockoutEnd > now, u.InvitationPending)).ToList();
    }

    public async Task<Outcome<string>> CreateAsync(string? email, string? displayName, int? organisationId, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var cleanEmail = validation.RequireText("email", email, 256);
        if (cleanEmail is not null && !System.Net.Mail.MailAddress.TryCreate(cleanEmail, out _))
        {
            validation.Add("email", "Enter an e-mail address such as name@example.org.");
        }
        var cleanName = validation.RequireText("displayName", displayName, ForumUser.DisplayNameMaxLength);
        if (organisationId is null || !await db.Organisations.AnyAsync(o => o.Id == organisationId, cancellationToken))
        {
            validation.Add("organisationId", "Choose the person's organisation.");
        }
        if (!validation.IsValid)
        {
            return Outcome<string>.Invalid(validation);
        }
        if (await users.FindByEmailAsync(cleanEmail!) is not null)
        {
            return Outcome<string>.Invalid("email", "Someone already has an account with this e-mail address.");
        }
        var result = await invitations.InviteAsync(cleanEmail!, cleanName!, organisationId!.Value, cancellationToken);
        if (!result.Succeeded)
        {
            var errors = new Validation();
            foreach (var (field, messages) in result.Errors)
            {
                foreach (var message in messages)
                {
                    errors.Add(field, message);
                }
            }
            return Outcome<string>.Invalid(errors);
        }
        audit.Record(AuditActions.UserCreated, $"Created user {cleanEmail}", targetType: "user", targetId: result.User!.Id);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<string>.Created(result.InvitationPath!);
    }

    public async Task<Outcome<bool>> SetAdministratorAsync(string userId, bool administrator, string? actingUserId)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Outcome<bool>.NotFound("user");
        }
        if (!administrator && userId == actingUserId)
        {
            return Outcome<bool>.Conflict("You cannot remove your own administrator role; ask another administrator.");
        }
        if (!await roles.RoleExistsAsync(ForumRoles.Administrator))
        {
            await roles.CreateAsync(new IdentityRole(ForumRoles.Administrator));
        }
        var isAdministrator = await users.IsInRoleAsync(user, ForumRoles.Administrator);
        if (isAdministrator == administrator)
        {
            return Outcome<bool>.Ok(false);
        }
        var result = administrator ? await users.AddToRoleAsync(user, ForumRoles.Administrator) : await users.RemoveFromRoleAsync(user, ForumRoles.Administrator);
        if (!result.Succeeded)
        {
            return Outcome<bool>.Conflict(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
        await users.UpdateSecurityStampAsync(user);
        sessions.Forget(user.Id);
        audit.Record(AuditActions.UserRoleChanged, administrator ? $"Made {user.Email} an administrator" : $"Removed the administrator role from {user.Email}", targetType: "user", targetId: user.Id);
        await db.SaveChangesAsync();
        return Outcome<bool>.Ok(true);
    }

    public async Task<Outcome<bool>> SetLockedAsync(string userId, bool locked, string? actingUserId)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Outcome<bool>.NotFound("user");
        }
        if (locked && userId == actingUserId)
        {
            return Outcome<bool>.Conflict("You cannot lock your own account.");
        }
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null);
        if (!locked)
        {
            await users.ResetAccessFailedCountAsync(user);
        }
        // A new security stamp ends the person's sessions at the next validation.
        await users.UpdateSecurityStampAsync(user);
        sessions.Forget(user.Id);
        audit.Record(locked ? AuditActions.UserLocked : AuditActions.UserUnlocked, locked ? $"Locked {user.Email}" : $"Unlocked {user.Email}", targetType: "user", targetId: user.Id);
        await db.SaveChangesAsync();
        return Outcome<bool>.Ok(true);
    }

    public async Task<Outcome<string>> RenewInvitationAsync(string userId)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Outcome<string>.NotFound("user");
        }
        if (!user.InvitationPending)
        {
            return Outcome<string>.Conflict("This person has already accepted their invitation.");
        }
        return Outcome<string>.Ok(await invitations.RenewInvitationAsync(user));
    }
}
