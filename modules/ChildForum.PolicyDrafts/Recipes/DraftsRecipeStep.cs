using System.Security.Claims;
using System.Text.Json;
using ChildForum.Core.Data;
using ChildForum.Core.Http;
using ChildForum.Core.Recipes;
using ChildForum.Core.Security;
using ChildForum.PolicyDrafts.Models;
using ChildForum.PolicyDrafts.Services;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.PolicyDrafts.Recipes;

/// <summary>Creates drafts through the same services as the API, so recipe content obeys the same rules:
/// <code>{"step": "drafts", "drafts": [{"group": slug, "title", "language"?, "by": email, "body",
///   "actions": [
///     {"do": "version", "by", "body", "note"},
///     {"do": "comment", "by", "paragraph": n, "body"} | {"do": "comment", "by", "replyTo": i, "body"},
///     {"do": "amend", "by", "paragraph": n, "proposedText", "rationale"},
///     {"do": "accept", "by", "amendment": i} | {"do": "reject", "by", "amendment": i, "reason"},
///     {"do": "position", "by", "stance", "statement"},
///     {"do": "status", "by", "status"}]}]}</code>
/// <c>paragraph</c> counts the newest version's blocks from 0; <c>replyTo</c> and <c>amendment</c> count this
/// draft's earlier comments and amendments from 0.</summary>
public sealed class DraftsRecipeStep(ForumDbContext db, AccessRule rule, DraftService drafts, FeedbackService feedback) : IRecipeStep
{
    private static readonly ClaimsPrincipal Recipe = new(new ClaimsIdentity([new Claim(ClaimTypes.Role, ForumRoles.Administrator)], "recipe"));

    public string Name => "drafts";

    public async Task ExecuteAsync(JsonElement step, CancellationToken cancellationToken)
    {
        foreach (var item in step.GetProperty("drafts").EnumerateArray())
        {
            var slug = item.GetProperty("group").GetString()!;
            var decision = await rule.CheckAsync(Recipe, slug, GroupPermissions.Facilitate, cancellationToken);
            var group = decision.Allowed ? decision.Group : throw new RecipeException($"A draft names group '{slug}', which no earlier step created.");
            var title = item.GetProperty("title").GetString()!;
            var author = await UserAsync(item, title, cancellationToken);
            var created = Check(await drafts.CreateAsync(group, author,
                new CreateDraftRequest(title, item.GetProperty("body").GetString(), item.TryGetProperty("language", out var language) ? language.GetString() : null), cancellationToken), title);
            var comments = new List<CommentDto>();
            var amendments = new List<AmendmentDto>();
            if (!item.TryGetProperty("actions", out var actions))
            {
                continue;
            }
            foreach (var action in actions.EnumerateArray())
            {
                var user = await UserAsync(action, title, cancellationToken);
                var read = await drafts.CheckAsync(created.Id, user, GroupPermissions.Read, cancellationToken);
                var access = read.Allowed ? read.Access : throw new RecipeException($"Draft '{title}': {read.Decision.Reason}");
                var kind = action.GetProperty("do").GetString();
                switch (kind)
                {
                    case "version":
                        Check(await drafts.AddVersionAsync(access, user, new NewVersionRequest(Text(action, "body"), Text(action, "note"), null), cancellationToken), title);
                        break;
                    case "comment":
                        var reply = action.TryGetProperty("replyTo", out var replyTo) ? comments[replyTo.GetInt32()] : null;
                        comments.Add(Check(await feedback.CommentAsync(access, user, new CommentRequest(
                            access.Draft.CurrentVersion, reply?.Anchor ?? await AnchorAsync(access, action, cancellationToken), Text(action, "body"), reply?.Id), cancellationToken), title));
                        break;
                    case "amend":
                        amendments.Add(Check(await feedback.ProposeAsync(access, user, new AmendmentRequest(
                            access.Draft.CurrentVersion, await AnchorAsync(access, action, cancellationToken), Text(action, "proposedText"), Text(action, "rationale")), cancellationToken), title));
                        break;
                    case "accept":
                        var accepting = Check(await feedback.CheckAmendmentAsync(amendments[action.GetProperty("amendment").GetInt32()].Id, user, cancellationToken), title);
                        Check(await feedback.AcceptAsync(accepting.Access, accepting.Amendment, user, cancellationToken), title);
                        break;
                    case "reject":
                        var rejecting = Check(await feedback.CheckAmendmentAsync(amendments[action.GetProperty("amendment").GetInt32()].Id, user, cancellationToken), title);
                        Check(await feedback.RejectAsync(rejecting.Access, rejecting.Amendment, user, new RejectRequest(Text(action, "reason")), cancellationToken), title);
                        break;
                    case "position":
                        Check(await feedback.StatePositionAsync(access, user, new PositionRequest(Text(action, "stance"), Text(action, "statement"), null), cancellationToken), title);
                        break;
                    case "status":
                        Check(await drafts.SetStatusAsync(access, new StatusRequest(Text(action, "status")), cancellationToken), title);
                        break;
                    default:
                        throw new RecipeException($"Draft '{title}' has an action '{kind}'; known actions are version, comment, amend, accept, reject, position and status.");
                }
            }
        }
    }

    private async Task<string> AnchorAsync(DraftAccess access, JsonElement action, CancellationToken cancellationToken)
    {
        var version = await drafts.FindVersionAsync(access.Draft, access.Draft.CurrentVersion, cancellationToken);
        var blocks = drafts.Document(version!).Blocks;
        var index = action.GetProperty("paragraph").GetInt32();
        return index >= 0 && index < blocks.Count ? blocks[index].Anchor : throw new RecipeException($"Draft '{access.Draft.Title}' has {blocks.Count} paragraphs in version {version!.Number}; an action names paragraph {index}.");
    }

    private async Task<ClaimsPrincipal> UserAsync(JsonElement element, string title, CancellationToken cancellationToken)
    {
        var email = element.GetProperty("by").GetString()!.ToUpperInvariant();
        var user = await db.Users.Where(u => u.NormalizedEmail == email).Select(u => new { u.Id }).SingleOrDefaultAsync(cancellationToken)
            ?? throw new RecipeException($"Draft '{title}' names {email}, who is not created by an earlier step.");
        return new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user.Id)], "recipe"));
    }

    private static string? Text(JsonElement element, string name) => element.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static (DraftAccess Access, Amendment Amendment) Check(AmendmentDecision decision, string title) =>
        decision.Allowed ? (decision.Access, decision.Amendment) : throw new RecipeException($"Draft '{title}': {decision.Decision.Reason}");

    private static T Check<T>(Outcome<T> outcome, string title) =>
        outcome.Succeeded ? outcome.Value! : throw new RecipeException($"Draft '{title}': {outcome.Describe()}");
}
