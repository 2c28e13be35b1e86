using ChildForum.Core.Http;
using ChildForum.Core.Security;
using ChildForum.Discussions.Localization;
using ChildForum.Discussions.Models;
using ChildForum.Discussions.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ChildForum.Discussions.Areas.Discussions.Pages;

/// <summary>A thread: server-rendered history (readable without JavaScript), a composer that posts as a form,
/// and <c>wwwroot/js/thread.js</c> that makes both live.</summary>
[AllowAnonymous]
public sealed class ThreadModel(ThreadAccessResolver resolver, ThreadService threads, MessageService messageService, RevisionService revisions,
    ReactionService reactions, ModerationService moderation, IStringLocalizer<DiscussionsResource> t) : PageModel
{
    public const int HistorySize = 200;

    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    [BindProperty(SupportsGet = true)] public long? Edit { get; set; }

    [BindProperty] public string? Body { get; set; }
    [BindProperty] public string? ClientMessageId { get; set; }
    [BindProperty] public long? ReplyToId { get; set; }
    [BindProperty] public bool ConfirmPersonalData { get; set; }

    public ThreadAccess Access { get; private set; } = null!;
    public IReadOnlyList<MessageDto> Messages { get; private set; } = [];
    public IReadOnlySet<(long MessageId, string Kind)> ReactionsGiven { get; private set; } = new HashSet<(long, string)>();
    public IReadOnlyDictionary<long, IReadOnlyList<RevisionDto>> History { get; private set; } = new Dictionary<long, IReadOnlyList<RevisionDto>>();
    public string? ComposerError { get; private set; }
    public bool AskConfirmation { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }
        ClientMessageId = Guid.NewGuid().ToString("N");
        return Page();
    }

    /// <summary>HTML of the messages after a seq, for the live page to append.</summary>
    public async Task<IActionResult> OnGetMessagesAsync(int after, CancellationToken cancellationToken)
    {
        var access = await resolver.AccessAsync(Id, User, GroupPermissions.Read, cancellationToken);
        if (!access.Succeeded)
        {
            return NotFound();
        }
        Access = access.Value!;
        var page = await messageService.ListMessagesAsync(Access, Math.Max(0, after), MessageService.MaxPageSize, cancellationToken);
        var items = page.Value?.Items ?? [];
        return Partial("Shared/_Messages", new MessagesModel(Access, items, Slug, null, await ReactionsGivenAsync(items, cancellationToken),
            await revisions.RevisionsOfAsync(items, AccessRule.Allows(Access.Group, GroupPermissions.Facilitate), cancellationToken)));
    }

    public async Task<IActionResult> OnPostSendAsync(CancellationToken cancellationToken)
    {
        var outcome = await messageService.PostAsync(Id, User, new PostMessageRequest(Body, ClientMessageId, ReplyToId, ConfirmPersonalData), cancellationToken);
        if (outcome.Succeeded)
        {
            return Redirect($"/groups/{Slug}/threads/{Id}#m{outcome.Value!.Seq}");
        }
        if (outcome.Status is OutcomeStatus.NotFound)
        {
            return NotFound();
        }
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }
        ComposerError = outcome.Describe(t);
        AskConfirmation = outcome.Extensions?.GetValueOrDefault("code") as string == "personal-data-confirmation";
        Response.StatusCode = outcome.Status switch
        {
            OutcomeStatus.TooLarge => StatusCodes.Status413PayloadTooLarge,
            OutcomeStatus.TooManyRequests => StatusCodes.Status429TooManyRequests,
            OutcomeStatus.Forbidden => StatusCodes.Status403Forbidden,
            OutcomeStatus.Unauthorized => StatusCodes.Status401Unauthorized,
            OutcomeStatus.Conflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostEditAsync(long messageId, CancellationToken cancellationToken)
    {
        var outcome = await messageService.EditAsync(messageId, User, new EditMessageRequest(Body, ConfirmPersonalData), cancellationToken);
        return await KeepTypedAsync(outcome, messageId, MessageForm.Edit, Body, cancellationToken) ?? After(outcome, messageId, t["Your message was changed."]);
    }

    public async Task<IActionResult> OnPostDeleteAsync(long messageId, CancellationToken cancellationToken) =>
        After(await messageService.DeleteAsync(messageId, User, cancellationToken), messageId, t["The message was deleted."]);

    public async Task<IActionResult> OnPostReactAsync(long messageId, string kind, bool on, CancellationToken cancellationToken) =>
        After(await reactions.SetReactionAsync(messageId, kind ?? "", on, User, cancellationToken), messageId, null);

    public async Task<IActionResult> OnPostFlagAsync(long messageId, string? reason, CancellationToken cancellationToken)
    {
        var outcome = await moderation.FlagAsync(messageId, User, new FlagRequest(reason, ConfirmPersonalData), cancellationToken);
        return await KeepTypedAsync(outcome, messageId, MessageForm.Flag, reason, cancellationToken) ?? After(outcome, messageId, t["Thank you. The facilitators will look at this message."]);
    }

    /// <summary>The refusal of an edit or a flag that the person can put right (the text, or a confirmation): the page again,
    /// with what they typed in the form, the sentence next to it and, for a phone number or e-mail address, the confirm box.</summary>
    public MessageFormRefusal? Refused { get; private set; }

    private async Task<IActionResult?> KeepTypedAsync<T>(Outcome<T> outcome, long messageId, MessageForm form, string? typed, CancellationToken cancellationToken)
    {
        if (outcome.Succeeded || outcome.Status is not (OutcomeStatus.Invalid or OutcomeStatus.Conflict or OutcomeStatus.TooLarge) || !await LoadAsync(cancellationToken))
        {
            return null;
        }
        if (form == MessageForm.Edit)
        {
            Edit = messageId;
        }
        Refused = new MessageFormRefusal(messageId, form, typed ?? "", outcome.Describe(t),
            outcome.Extensions?.GetValueOrDefault("code") as string == "personal-data-confirmation");
        Response.StatusCode = outcome.Status switch
        {
            OutcomeStatus.Conflict => StatusCodes.Status409Conflict,
            OutcomeStatus.TooLarge => StatusCodes.Status413PayloadTooLarge,
            _ => StatusCodes.Status400BadRequest,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostHideAsync(long messageId, bool hidden, CancellationToken cancellationToken) =>
        After(await moderation.SetHiddenAsync(messageId, hidden, User, cancellationToken), messageId, hidden ? t["The message is hidden from members."] : t["The message is shown again."]);

    public async Task<IActionResult> OnPostLockAsync(bool locked, CancellationToken cancellationToken)
    {
        var access = await resolver.AccessAsync(Id, User, GroupPermissions.Facilitate, cancellationToken);
        var outcome = access.Succeeded ? await threads.SetLockedAsync(access.Value!, locked, cancellationToken) : access.Failure<bool>();
        return After(outcome, null, locked ? t["The thread is locked."] : t["The thread is open again."]);
    }

    private IActionResult After<T>(Outcome<T> outcome, long? messageId, string? success)
    {
        if (outcome.Status == OutcomeStatus.NotFound)
        {
            return NotFound();
        }
        var message = outcome.Succeeded ? success : outcome.Describe(t);
        if (message is not null)
        {
            TempData["StatusMessage"] = message;
        }
        return Redirect($"/groups/{Slug}/threads/{Id}" + (messageId is null ? "" : $"#message-{messageId}"));
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var access = await resolver.AccessAsync(Id, User, GroupPermissions.Read, cancellationToken);
        if (!access.Succeeded || !string.Equals(access.Value!.Group.Slug, Slug, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        Access = access.Value;
        Messages = await messageService.LatestMessagesAsync(Access, HistorySize, cancellationToken);
        ReactionsGiven = await ReactionsGivenAsync(Messages, cancellationToken);
        History = await revisions.RevisionsOfAsync(Messages, AccessRule.Allows(Access.Group, GroupPermissions.Facilitate), cancellationToken);
        return true;
    }

    private Task<IReadOnlySet<(long MessageId, string Kind)>> ReactionsGivenAsync(IReadOnlyList<MessageDto> messages, CancellationToken cancellationToken) =>
        reactions.ReactionsGivenAsync(User.GetUserId(), messages.Select(m => m.Id).ToList(), cancellationToken);
}

/// <summary>Messages to render; <paramref name="ReactionsGiven"/> are the viewer's own, shown pressed and taken back on a second press;
/// <paramref name="History"/> holds the earlier texts of edited messages the viewer may read.</summary>
public sealed record MessagesModel(
    ThreadAccess Access, IReadOnlyList<MessageDto> Messages, string Slug, long? Editing,
    IReadOnlySet<(long MessageId, string Kind)> ReactionsGiven, IReadOnlyDictionary<long, IReadOnlyList<RevisionDto>> History,
    MessageFormRefusal? Refused = null)
{
    public MessageFormRefusal? RefusedFor(long messageId, MessageForm form) =>
        Refused is { } refused && refused.MessageId == messageId && refused.Form == form ? refused : null;
}

public enum MessageForm { Edit, Flag }

/// <summary>A message's edit or flag form that was refused, with what the person typed, the sentence, and whether
/// confirming would let it through.</summary>
public sealed record MessageFormRefusal(long MessageId, MessageForm Form, string Typed, string Error, bool AskConfirmation);
