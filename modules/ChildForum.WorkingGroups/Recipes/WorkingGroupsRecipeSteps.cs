using System.Text.Json;
using ChildForum.Core.Data;
using ChildForum.Core.Organisations;
using ChildForum.Core.Recipes;
using ChildForum.Core.Security;
using ChildForum.WorkingGroups.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.WorkingGroups.Recipes;

/// <summary><c>{"step": "organisations", "organisations": [{"name", "stakeholderType"}]}</c></summary>
public sealed class OrganisationsRecipeStep(ForumDbContext db, TimeProvider clock) : IRecipeStep
{
    public string Name => "organisations";

    public async Task ExecuteAsync(JsonElement step, CancellationToken cancellationToken)
    {
        foreach (var item in step.GetProperty("organisations").EnumerateArray())
        {
            var name = item.GetProperty("name").GetString()!;
            if (!StakeholderTypes.TryParse(item.GetProperty("stakeholderType").GetString(), out var type))
            {
                throw new RecipeException($"Organisation '{name}' has an unknown stakeholderType.");
            }
            if (!await db.Organisations.AnyAsync(o => o.Name == name, cancellationToken))
            {
                db.Organisations.Add(new Organisation { Name = name, StakeholderType = type, CreatedAt = clock.GetUtcNow().UtcDateTime });
            }
        }
    }
}

/// <summary><c>{"step": "groups", "groups": [{"slug", "name", "description", "visibility", "members": [{"email", "role"}]}]}</c></summary>
public sealed class GroupsRecipeStep(ForumDbContext db, TimeProvider clock) : IRecipeStep
{
    public string Name => "groups";

    public async Task ExecuteAsync(JsonElement step, CancellationToken cancellationToken)
    {
        foreach (var item in step.GetProperty("groups").EnumerateArray())
        {
            var slug = item.GetProperty("slug").GetString()!;
            if (!GroupRoles.TryParseVisibility(item.GetProperty("visibility").GetString(), out var visibility))
            {
                throw new RecipeException($"Group '{slug}' has an unknown visibility.");
            }
            var group = new WorkingGroup
            {
                Slug = slug,
                Name = item.GetProperty("name").GetString()!,
                Description = item.TryGetProperty("description", out var d) ? d.GetString() ?? "" : "",
                Visibility = visibility,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            if (item.TryGetProperty("members", out var members))
            {
                foreach (var member in members.EnumerateArray())
                {
                    var email = member.GetProperty("email").GetString()!.ToUpperInvariant();
                    var userId = await db.Users.Where(u => u.NormalizedEmail == email).Select(u => u.Id).SingleOrDefaultAsync(cancellationToken)
                        ?? throw new RecipeException($"Group '{slug}' lists {email}, who is not created by an earlier step.");
                    if (!GroupRoles.TryParse(member.GetProperty("role").GetString(), out var role))
                    {
                        throw new RecipeException($"Group '{slug}' gives {email} an unknown role.");
                    }
                    group.Members.Add(new Membership { UserId = userId, Role = role, AddedAt = group.CreatedAt });
                }
            }
            db.Add(group);
        }
    }
}
