using System.Security.Claims;
using ChildForum.Core.Http;
using ChildForum.Core.Security;
using ChildForum.Discussions.Localization;
using ChildForum.Discussions.Models;
using ChildForum.Discussions.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Localization;

namespace ChildForum.Discussions.Endpoints;

/// <summary>The contract's Discussions routes, plus editing, deleting, reactions and moderation (docs/api-extensions.md).</summary>
public static class DiscussionEndpoints
{
    public static void MapDiscussionEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var groups = endpoints.MapApi("/groups").WithTags("Discussions");

        groups.MapGet("/{group}/threads", ListThreadsAsync)
            .WithName("ListThreads");

        groups.MapPost("/{group}/threads", CreateThreadAsync)
            .RequireAuthorization()
            .WithName("CreateThread")
            .WithDescription("The body becomes the thread's first message (seq 1).")
            .Produces<ThreadDto>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        groups.MapGet("/{group}/flags", ModerationQueueAsync)
            .RequireAuthorization()
            .WithName("ModerationQueue")
            .WithDescription("Open flags on messages of the group's threads, oldest first (facilitators).");

        var threads = endpoints.MapApi("/threads").WithTags("Discussions");

        threads.MapGet("/{threadId:int}", async (int threadId, ClaimsPrincipal user, ThreadAccessResolver resolver, IStringLocalizer<DiscussionsResource> t, CancellationToken ct) =>
            {
                var access = await resolver.AccessAsync(threadId, user, GroupPermissions.Read, ct);
                return access.Succeeded ? TypedResults.Ok(MessageDtoBuilder.ToDto(access.Value!.Thread)) : access.ToHttpResult(localizer: t);
            })
            .WithName("GetThread")
            .Produces<ThreadDto>();

        threads.MapGet("/{threadId:int}/messages", async (int threadId, int? after, int? limit, ClaimsPrincipal user, ThreadAccessResolver resolver, MessageService messageService, IStringLocalizer<DiscussionsResource> t, CancellationToken ct) =>
            {
                var access = await resolver.AccessAsync(threadId, user, GroupPermissions.Read, ct);
                if (!access.Succeeded)
                {
                    return access.ToHttpResult(localizer: t);
                }
                return (await messageService.ListMessagesAsync(access.Value!, after, limit, ct)).ToHttpResult(localizer: t);
            })
            .WithName("ListMessages")
            .WithDescription("Messages with seq greater than `after` (default 0), in seq order, at most `limit` (1–200, default 50).")
            .Produces<MessagePageDto>();

        threads.MapPost("/{threadId:int}/messages", async (int threadId, PostMessageRequest request, ClaimsPrincipal user, MessageService messageService, IStringLocalizer<DiscussionsResource> t, CancellationToken ct) =>
            {
                var outcome = await messageService.PostAsync(threadId, user, request, ct);
                return outcome.Status == OutcomeStatus.Created
                    ? TypedResults.Created($"/api/v1/threads/{threadId}/messages?after={outcome.Value!.Seq - 1}&limit=1", outcome.Value)
                    : outcome.ToHttpResult(localizer: t);
            })
            .RequireAuthorization()
            .WithName("PostMessage")
            .WithDescription("201 with the stored message; the same clientMessageId from the same person again → 200 with the message already stored. A phone number or e-mail address → 409 (code personal-data-confirmation) until sent with confirmPersonalData: true; a Chinese resident ID number → 400 (code id-number).")
            .Produces<MessageDto>(StatusCodes.Status201Created)
            .Produces<MessageDto>()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        threads.MapPost("/{threadId:int}/lock", (int threadId, ClaimsPrincipal user, ThreadAccessResolver resolver, ThreadService threadService, IStringLocalizer<DiscussionsResource> t, CancellationToken ct) => SetLockedAsync(threadId, true, user, resolver, threadService, t, ct))
            .RequireAuthorization().WithName("LockThread");
        threads.MapPost("/{threadId:int}/unlock", (int threadId, ClaimsPrincipal user, ThreadAccessResolver resolver, ThreadService threadService, IStringLocalizer<DiscussionsResource> t, CancellationToken ct) => SetLockedAsync(threadId, false, user, resolver, threadService, t, ct))
            .RequireAuthorization().WithName("UnlockThread");

        var messages = endpoints.MapApi("/messages").WithTags("Discussions");

        messages.MapPatch("/{messageId:long}", async (long messageId, EditMessageRequest request, ClaimsPrincipal user, MessageService messageService, IStringLocalizer<DiscussionsResource> t, CancellationToken ct) =>
                (await messageService.EditAsync(messageId, user, request, ct)).ToHttpResult(localizer: t))
            .RequireAuthorization().WithName("EditMessage").Produces<MessageDto>()
            .WithDescription("The author edits the body; the earlier text is kept and editedAt is set.");

        messages.MapGet("/{messageId:long}/revisions", async (long messageId, ClaimsPrincipal user, RevisionService revisions, IStringLocalizer<DiscussionsResource> t, CancellationToken ct) =>
                (await revisions.RevisionsAsync(messageId, user, ct)).ToHttpResult(localizer: t))
            .WithName("ListMessageRevisions").Produces<RevisionPageDto>()
            .WithDescription("The earlier texts of an edited message, oldest first, for whoever may read it: none once it is deleted, and none of a hidden message except for facilitators.");

        messages.MapDelete("/{messageId:long}", async (long messageId, ClaimsPrincipal user, MessageService messageService, IStringLocalizer<DiscussionsResource> t, CancellationToken ct) =>
                NoContentOr(await messageService.DeleteAsync(messageId, user, ct), t))
            .RequireAuthorization().WithName("DeleteMessage")
            .WithDescription("Soft deletion by the author or a facilitator: the message stays in the sequence with deleted: true and no body.");

        messages.MapPut("/{messageId:long}/reactions/{kind}", async (long messageId, string kind, ClaimsPrincipal user, ReactionService reactions, IStringLocalizer<DiscussionsResource> t, CancellationToken ct) =>
                (await reactions.SetReactionAsync(messageId, kind, true, user, ct)).ToHttpResult(localizer: t))
            .RequireAuthorization().WithName("AddReaction")
            .WithDescription("kind is one of agree, thanks, question, important. Returns the message's reaction counts.");
        messages.MapDelete("/{messageId:long}/reactions/{kind}", async (long messageId, string kind, ClaimsPrincipal user, ReactionService reactions, IStringLocalizer<DiscussionsResource> t, CancellationToken ct) =>
                (await reactions.SetReactionAsync(messageId, kind, false, user, ct)).ToHttpResult(localizer: t))
            .RequireAuthorization().WithName("RemoveReaction");

        messages.MapPost("/{messageId:long}/flags", async (long messageId, FlagRequest request, ClaimsPrincipal user, ModerationService moderation, IStringLocalizer<DiscussionsResource> t, CancellationToken ct) =>
                (await moderation.FlagAsync(messageId, user, request, ct)) is var outcome && outcome.Succeeded ? TypedResults.Accepted((string?)null) : outcome.ToHttpResult(localizer: t))
            .RequireAuthorization().WithName("FlagMessage")
            .WithDescription("A member asks the facilitators to look at a message, with a reason.");
        messages.MapPost("/{messageId:long}/hide", async (long messageId, ClaimsPrincipal user, ModerationService moderation, IStringLocalizer<DiscussionsResource> t, CancellationToken ct) =>
                NoContentOr(await moderation.SetHiddenAsync(messageId, true, user, ct), t))
            .RequireAuthorization().WithName("HideMessage");
        messages.MapPost("/{messageId:long}/unhide", async (long messageId, ClaimsPrincipal user, ModerationService moderation, IStringLocalizer<DiscussionsResource> t, CancellationToken ct) =>
                NoContentOr(await moderation.SetHiddenAsync(messageId, false, user, ct), t))
            .RequireAuthorization().WithName("UnhideMessage");

        endpoints.MapApi("/flags").WithTags("Discussions")
            .MapPost("/{flagId:long}/dismiss", async (long flagId, ClaimsPrincipal user, ModerationService moderation, IStringLocalizer<DiscussionsResource> t, CancellationToken ct) =>
                NoContentOr(await moderation.DismissFlagAsync(flagId, user, ct), t))
            .RequireAuthorization().WithName("DismissFlag");
    }

    public static async Task<Results<Ok<IReadOnlyList<ThreadDto>>, ProblemHttpResult>> ListThreadsAsync(
        string group, ClaimsPrincipal user, AccessRule rule, ThreadService threadService, CancellationToken ct)
    {
        var decision = await rule.CheckAsync(user, group, GroupPermissions.Read, ct);
        return decision.Allowed ? TypedResults.Ok(await threadService.ListThreadsAsync(decision.Group.GroupId, ct)) : decision.ToProblem();
    }

    public static async Task<IResult> CreateThreadAsync(
        string group, CreateThreadRequest request, ClaimsPrincipal user, AccessRule rule, ThreadService threadService, IStringLocalizer<DiscussionsResource> t, CancellationToken ct)
    {
        var decision = await rule.CheckAsync(user, group, GroupPermissions.Contribute, ct);
        if (!decision.Allowed)
        {
            return decision.ToProblem();
        }
        var outcome = await threadService.CreateThreadAsync(decision.Group, user, request, ct);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/v1/threads/{outcome.Value.Thread.Id}", outcome.Value.Thread)
            : outcome.ToHttpResult(localizer: t);
    }

    public static async Task<Results<Ok<IReadOnlyList<FlagDto>>, ProblemHttpResult>> ModerationQueueAsync(
        string group, ClaimsPrincipal user, AccessRule rule, ModerationService moderation, CancellationToken ct)
    {
        var decision = await rule.CheckAsync(user, group, GroupPermissions.Facilitate, ct);
        return decision.Allowed ? TypedResults.Ok(await moderation.OpenFlagsAsync(decision.Group.GroupId, ct)) : decision.ToProblem();
    }

    private static async Task<IResult> SetLockedAsync(int threadId, bool locked, ClaimsPrincipal user, ThreadAccessResolver resolver, ThreadService threadService, IStringLocalizer t, CancellationToken ct)
    {
        var access = await resolver.AccessAsync(threadId, user, GroupPermissions.Facilitate, ct);
        return access.Succeeded ? NoContentOr(await threadService.SetLockedAsync(access.Value!, locked, ct), t) : access.ToHttpResult(localizer: t);
    }

    private static IResult NoContentOr(Outcome<bool> outcome, IStringLocalizer t) => outcome.Succeeded ? TypedResults.NoContent() : outcome.ToHttpResult(localizer: t);
}
