using ChildForum.Core.Localization;
using ChildForum.Core.Audit;
using ChildForum.Core.Data;
using ChildForum.Core.Http;
using ChildForum.Core.Identity;
using ChildForum.Core.Organisations;
using ChildForum.Core.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Accounts.Services;

public sealed record UserRow(string Id, string Email, string DisplayName, int OrganisationId, string Organisation, StakeholderType StakeholderType,
    bool IsAdministrator, bool IsLockedOut, bool InvitationPending);

/// <summary>What administrators do to accounts: create (with an invitation link), grant or take away the administrator
/// role, lock and unlock. Each change is audited; locking and taking the role away end the person's sessions on every node.</summary>
public sealed class UserAdministration(
    UserManager<ForumUser> users, RoleManager<IdentityRole> roles, ForumDbContext db, IUserInvitations invitations, IAuditLog audit,
    SessionRevocation revocation, TimeProvider clock)
{
    public const int SearchMaxLength = 200;

    public async Task<IReadOnlyList<UserRow>> ListAsync(string? search, CancellationToken cancellationToken)
    {
        var query = db.Users.Include(u => u.Organisation).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToUpperInvariant();
            query = query.Where(u => u.NormalizedEmail!.Contains(term) || u.DisplayName.ToUpper().Contains(term));
        }
        var list = await query.OrderBy(u => u.Email).Take(500).ToListAsync(cancellationToken);
        var adminIds = await AdministratorIdsAsync();
        return list.Select(u => ToRow(u, adminIds.Contains(u.Id))).ToList();
    }

    public async Task<Outcome<string>> CreateAsync(string? email, string? displayName, int? organisationId, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var cleanEmail = validation.RequireText("email", email, 256);
        if (cleanEmail is not null && !System.Net.Mail.MailAddress.TryCreate(cleanEmail, out _))
        {
            validation.Add("email", "Enter an e-mail address such as name@example.org.");
        }
        var cleanName = NameGuard.Check(validation, "displayName", validation.RequireText("displayName", displayName, ForumUser.DisplayNameMaxLength));
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
        audit.Record(AuditActions.UserCreated, Notice.T["Created user {0}", cleanEmail], targetType: "user", targetId: result.User!.Id);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<string>.Created(result.InvitationPath!);
    }

    /// <summary>Locks or unlocks an account and grants or takes away the administrator role (null: unchanged), in one unit.
    /// A change that would leave the site without an administrator who can sign in is refused (409): so an administrator
    /// cannot lock or demote themselves while they are the last one.</summary>
    public async Task<Outcome<UserRow>> UpdateAsync(string userId, bool? locked, bool? administrator, CancellationToken cancellationToken)
    {
        var user = userId.Length > 64 ? null : await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Outcome<UserRow>.NotFound("user");
        }
        var adminIds = await AdministratorIdsAsync();
        var wasAdministrator = adminIds.Contains(user.Id);
        var wasLocked = IsLocked(user);
        var becomesAdministrator = administrator ?? wasAdministrator;
        var becomesLocked = locked ?? wasLocked;
        if (wasAdministrator && !wasLocked && (!becomesAdministrator || becomesLocked) && !await AnotherActiveAdministratorAsync(adminIds, user.Id, cancellationToken))
        {
            return Outcome<UserRow>.Conflict("This is the site's only administrator who can sign in: make someone else administrator first.");
        }
        if (becomesAdministrator == wasAdministrator && becomesLocked == wasLocked)
        {
            return Outcome<UserRow>.Ok(ToRow(user, wasAdministrator));
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            if (becomesAdministrator != wasAdministrator)
            {
                if (!await roles.RoleExistsAsync(ForumRoles.Administrator))
                {
                    await roles.CreateAsync(new IdentityRole(ForumRoles.Administrator));
                }
                var result = becomesAdministrator ? await users.AddToRoleAsync(user, ForumRoles.Administrator) : await users.RemoveFromRoleAsync(user, ForumRoles.Administrator);
                if (!result.Succeeded)
                {
                    return Outcome<UserRow>.Conflict(string.Join(" ", result.Errors.Select(e => e.Description)));
                }
                audit.Record(AuditActions.UserRoleChanged, becomesAdministrator ? Notice.T["Made {0} an administrator", user.Email] : Notice.T["Removed the administrator role from {0}", user.Email], targetType: "user", targetId: user.Id);
            }
            if (becomesLocked != wasLocked)
            {
                await users.SetLockoutEnabledAsync(user, true);
                await users.SetLockoutEndDateAsync(user, becomesLocked ? DateTimeOffset.MaxValue : null);
                audit.Record(becomesLocked ? AuditActions.UserLocked : AuditActions.UserUnlocked, becomesLocked ? Notice.T["Locked {0}", user.Email] : Notice.T["Unlocked {0}", user.Email], targetType: "user", targetId: user.Id);
            }
            // Roles are claims of the session: a new stamp makes every session of the person sign in again
            // (AddToRole and RemoveFromRole do not change it themselves).
            await users.UpdateSecurityStampAsync(user);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await revocation.EndSessionsAsync(user.Id, cancellationToken);
        return Outcome<UserRow>.Ok(ToRow(user, becomesAdministrator));
    }

    public async Task<Outcome<string>> RenewInvitationAsync(string userId)
    {
        var user = userId.Length > 64 ? null : await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Outcome<string>.NotFound("user");
        }
        if (!user.InvitationPending)
        {
            return Outcome<string>.Conflict("This person has already accepted their invitation.");
        }
        var path = await invitations.RenewInvitationAsync(user);
        audit.Record(AuditActions.UserInvited, Notice.T["Made a new invitation link for {0}; earlier links no longer work", user.Email], targetType: "user", targetId: user.Id);
        await db.SaveChangesAsync();
        return Outcome<string>.Ok(path);
    }

    private async Task<HashSet<string>> AdministratorIdsAsync() =>
        (await users.GetUsersInRoleAsync(ForumRoles.Administrator)).Select(u => u.Id).ToHashSet();

    private async Task<bool> AnotherActiveAdministratorAsync(HashSet<string> adminIds, string exceptId, CancellationToken cancellationToken)
    {
        var others = adminIds.Where(id => id != exceptId).ToList();
        var lockouts = await db.Users.Where(u => others.Contains(u.Id)).Select(u => u.LockoutEnd).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return lockouts.Any(end => end is null || end <= now);
    }

    private bool IsLocked(ForumUser user) => user.LockoutEnd > clock.GetUtcNow();

    private UserRow ToRow(ForumUser user, bool administrator) =>
        new(user.Id, user.Email!, user.DisplayName, user.OrganisationId, user.Organisation?.Name ?? "", user.Organisation?.StakeholderType ?? default,
            administrator, IsLocked(user), user.InvitationPending);
}
