using System.Security.Claims;
using System.Text.Json;
using ChildForum.Core.Data;
using ChildForum.Core.Markdown;
using ChildForum.Core.Recipes;
using ChildForum.Core.Security;
using ChildForum.Discussions.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Discussions.Recipes;

/// <summary><c>{"step": "threads", "threads": [{"group": slug, "title", "messages": [{"author": email, "body", "replyTo"?: index, "minutesAgo"?}]}]}</c>.
/// The first message's author starts the thread.</summary>
public sealed class ThreadsRecipeStep(ForumDbContext db, AccessRule rule, IMarkdownRenderer markdown, TimeProvider clock) : IRecipeStep
{
    private static readonly ClaimsPrincipal Recipe = new(new ClaimsIdentity([new Claim(ClaimTypes.Role, ForumRoles.Administrator)], "recipe"));

    public string Name => "threads";

    public async Task ExecuteAsync(JsonElement step, CancellationToken cancellationToken)
    {
        foreach (var item in step.GetProperty("threads").EnumerateArray())
        {
            var slug = item.GetProperty("group").GetString()!;
            var decision = await rule.CheckAsync(Recipe, slug, GroupPermissions.Read, cancellationToken);
            var group = decision.Allowed ? decision.Group : throw new RecipeException($"Thread names group '{slug}', which no earlier step created.");
            var posts = item.GetProperty("messages").EnumerateArray().ToList();
            var now = clock.GetUtcNow().UtcDateTime;
            var times = posts.Select((p, i) => now.AddMinutes(-(p.TryGetProperty("minutesAgo", out var m) ? m.GetInt32() : (posts.Count - i) * 7))).ToList();
            var authors = new List<string>();
            foreach (var post in posts)
            {
                var email = post.GetProperty("author").GetString()!.ToUpperInvariant();
                authors.Add(await db.Users.Where(u => u.NormalizedEmail == email).Select(u => u.Id).SingleOrDefaultAsync(cancellationToken)
                    ?? throw new RecipeException($"A message in '{slug}' names {email}, who is not created by an earlier step."));
            }
            var thread = new DiscussionThread
            {
                GroupId = group.GroupId, Title = item.GetProperty("title").GetString()!, CreatedById = authors[0],
                CreatedAt = times[0], LastActivityAt = times[^1], MessageCount = posts.Count, LastSeq = posts.Count,
            };
            db.Add(thread);
            await db.SaveChangesAsync(cancellationToken);
            var stored = new List<Message>();
            for (var i = 0; i < posts.Count; i++)
            {
                var body = posts[i].GetProperty("body").GetString()!;
                var message = new Message
                {
                    ThreadId = thread.Id, Seq = i + 1, AuthorId = authors[i], Body = body, Html = markdown.ToHtml(body),
                    ClientMessageId = $"recipe-{thread.Id}-{i + 1}", CreatedAt = times[i],
                    ReplyToId = posts[i].TryGetProperty("replyTo", out var reply) ? stored[reply.GetInt32()].Id : null,
                };
                db.Add(message);
                await db.SaveChangesAsync(cancellationToken);
                stored.Add(message);
            }
        }
    }
}
