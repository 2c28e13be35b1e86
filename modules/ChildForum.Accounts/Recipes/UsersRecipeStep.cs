using System.Text.Json;
using ChildForum.Core.Data;
using ChildForum.Core.Identity;
using ChildForum.Core.Recipes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace ChildForum.Accounts.Recipes;

/// <summary><c>{"step": "users", "users": [{"email", "displayName", "organisation", "roles": ["Administrator"], "password"?}]}</c>.
/// Without a password the user gets <c>Demo:Password</c>.</summary>
public sealed class UsersRecipeStep(UserManager<ForumUser> users, RoleManager<IdentityRole> roles, ForumDbContext db, IConfiguration configuration, TimeProvider clock) : IRecipeStep
{
    public const string DefaultDemoPassword = "ChildForum-demo-2026";

    public string Name => "users";

    public async Task ExecuteAsync(JsonElement step, CancellationToken cancellationToken)
    {
        var defaultPassword = configuration["Demo:Password"] is { Length: > 0 } configured ? configured : DefaultDemoPassword;
        foreach (var item in step.GetProperty("users").EnumerateArray())
        {
            var email = item.GetProperty("email").GetString()!;
            var organisationName = item.GetProperty("organisation").GetString();
            var organisationId = await db.Organisations.Where(o => o.Name == organisationName).Select(o => (int?)o.Id).SingleOrDefaultAsync(cancellationToken)
                ?? throw new RecipeException($"User {email} names organisation '{organisationName}', which no earlier step created.");
            var user = new ForumUser
            {
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                DisplayName = item.GetProperty("displayName").GetString()!,
                OrganisationId = organisationId,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            var password = item.TryGetProperty("password", out var p) ? p.GetString()! : defaultPassword;
            Check(await users.CreateAsync(user, password), email);
            if (item.TryGetProperty("roles", out var roleList))
            {
                foreach (var role in roleList.EnumerateArray().Select(r => r.GetString()!))
                {
                    if (!await roles.RoleExistsAsync(role))
                    {
                        Check(await roles.CreateAsync(new IdentityRole(role)), role);
                    }
                    Check(await users.AddToRoleAsync(user, role), email);
                }
            }
        }
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new RecipeException($"Could not create {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
