using ChildForum.Core.Data;
using ChildForum.Core.Identity;
using ChildForum.Core.Organisations;
using ChildForum.Core.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Web.Setup;

/// <summary><c>add-admin &lt;email&gt; "&lt;organisation&gt;" &lt;stakeholderType&gt; ["&lt;name&gt;"]</c>: creates the first administrator
/// of a site started with the empty recipe and prints the invitation path at which they set a password.</summary>
public static class AdminCommand
{
    public const string Usage = "usage: add-admin <email> \"<organisation>\" <cso|university|business|government> [\"<display name>\"]";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        if (args.Length < 4 || !StakeholderTypes.TryParse(args[3], out var type))
        {
            await output.WriteLineAsync(Usage);
            return 2;
        }
        var (email, organisationName) = (args[1].Trim(), args[2].Trim());
        var displayName = args.Length > 4 ? args[4].Trim() : email;

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ForumUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        var invitations = scope.ServiceProvider.GetRequiredService<IUserInvitations>();

        if (await users.FindByEmailAsync(email) is not null)
        {
            await output.WriteLineAsync($"{email} already has an account; make them administrator on /admin/users.");
            return 1;
        }
        var organisation = await db.Organisations.SingleOrDefaultAsync(o => o.Name == organisationName);
        if (organisation is null)
        {
            organisation = new Organisation { Name = organisationName, StakeholderType = type, CreatedAt = DateTime.UtcNow };
            db.Organisations.Add(organisation);
            await db.SaveChangesAsync();
        }
        var invitation = await invitations.InviteAsync(email, displayName, organisation.Id);
        if (!invitation.Succeeded)
        {
            await output.WriteLineAsync(string.Join(" ", invitation.Errors.SelectMany(e => e.Value)));
            return 1;
        }
        if (!await roles.RoleExistsAsync(ForumRoles.Administrator))
        {
            await roles.CreateAsync(new IdentityRole(ForumRoles.Administrator));
        }
        await users.AddToRoleAsync(invitation.User!, ForumRoles.Administrator);
        await db.SaveChangesAsync();
        await output.WriteLineAsync($"Administrator {email} created. They set their password at: <site address>{invitation.InvitationPath}");
        return 0;
    }
}
