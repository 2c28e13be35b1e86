using ChildForum.Core.Localization;
using System.Security.Claims;
using ChildForum.Core.Data;
using ChildForum.Core.Http;
using ChildForum.Core.Markdown;
using ChildForum.Core.Notifications;
using ChildForum.Core.Organisations;
using ChildForum.Core.Safeguarding;
using ChildForum.Core.Security;
using ChildForum.PolicyDrafts.Documents;
using ChildForum.PolicyDrafts.Mail;
using ChildForum.PolicyDrafts.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.PolicyDrafts.Services;

/// <summary>What members say about a draft: paragraph comments, amendments and their organisations' positions.</summary>
public sealed class FeedbackService(DraftService drafts, AccessRule rule, PersonalDataGuard guard)
{
    /// <summary>Shown with each comment: the start of the paragraph it was made on.</summary>
    public const int ExcerptLength = 300;

    private Microsoft.Extensions.Localization.IStringLocalizer T => drafts.T;

    // ---- Comments ----------------------------------------------------------------------------

    /// <summary>Comments made on versions up to <paramref name="number"/> (default: the newest), oldest first,
    /// each marked outdated when its paragraph is not in that version. A fixed handful of commands however many versions
    /// have comments: the comments, the versions they name with the one read (their bodies only when not parsed yet), and
    /// their authors.</summary>
    public async Task<Outcome<IReadOnlyList<CommentDto>>> ListCommentsAsync(PolicyDraft draft, int? number, CancellationToken cancellationToken)
    {
        var shown = number ?? draft.CurrentVersion;
        if (shown < 1 || shown > draft.CurrentVersion)
        {
            return Outcome<IReadOnlyList<CommentDto>>.NotFound("version");
        }
        var comments = await CommentsUpToAsync(draft, shown, cancellationToken);
        var parsed = await drafts.DocumentsAsync(draft, comments.Select(c => c.Version).Append(shown).ToHashSet(), cancellationToken);
        if (!parsed.TryGetValue(shown, out var document))
        {
            return Outcome<IReadOnlyList<CommentDto>>.NotFound("version");
        }
        var anchors = document.Blocks.Select(b => b.Anchor).ToHashSet(StringComparer.Ordinal);
        var people = await drafts.PeopleAsync(comments.Select(c => c.AuthorId).Distinct().ToList(), cancellationToken);
        var excerpts = Excerpts(parsed.Select(p => (p.Key, p.Value)));
        return Outcome<IReadOnlyList<CommentDto>>.Ok(comments.Select(c => ToDto(c, people, anchors, excerpts)).ToList());
    }

    /// <summary>Comments made on versions up to <paramref name="number"/>, oldest first.</summary>
    internal async Task<List<DraftComment>> CommentsUpToAsync(PolicyDraft draft, int number, CancellationToken cancellationToken) =>
        await CommentsUpTo.For(drafts.Db)(drafts.Db, draft.Id, number).ToListAsync(cancellationToken);

    // Compiled: every draft page asks these.
    private static readonly PerModel<Func<ForumDbContext, int, int, IAsyncEnumerable<DraftComment>>> CommentsUpTo = new(_ => EF.CompileAsyncQuery<ForumDbContext, int, int, DraftComment>(
        (ForumDbContext db, int draftId, int number) => db.Set<DraftComment>().AsNoTracking().Where(c => c.DraftId == draftId && c.Version <= number).OrderBy(c => c.Id)));

    private static readonly PerModel<Func<ForumDbContext, int, IAsyncEnumerable<PositionRow>>> Positions = new(_ => EF.CompileAsyncQuery(
        (ForumDbContext db, int draftId) =>
            from p in db.Set<DraftPosition>().AsNoTracking()
            join o in db.Organisations on p.OrganisationId equals o.Id
            where p.DraftId == draftId
            select new PositionRow(p, o.Name, o.StakeholderType)));

    /// <summary>A comment as read with the version whose paragraphs are <paramref name="anchors"/> (outdated when its paragraph is not there).</summary>
    internal static CommentDto ToDto(DraftComment c, IReadOnlyDictionary<string, PersonDto> people, IReadOnlySet<string> anchors, IReadOnlyDictionary<(int, string), string> excerpts) => new(
        c.Id, c.Version, c.Anchor, c.Body, c.Html, people[c.AuthorId], !anchors.Contains(c.Anchor), c.ReplyToId,
        DraftService.Utc(c.CreatedAt), excerpts.GetValueOrDefault((c.Version, c.Anchor), ""));

    /// <summary>The start of each paragraph of these documents (by version number), shown with the comments made on it.</summary>
    internal static Dictionary<(int, string), string> Excerpts(IEnumerable<(int Number, DraftDocument Document)> versions)
    {
        var result = new Dictionary<(int, string), string>();
        foreach (var (number, document) in versions)
        {
            foreach (var block in document.Blocks)
            {
                result.TryAdd((number, block.Anchor), Excerpt(block.Text)!);
            }
        }
        return result;
    }

    public async Task<Outcome<CommentDto>> CommentAsync(DraftAccess access, ClaimsPrincipal user, CommentRequest request, CancellationToken cancellationToken)
    {
        var draft = access.Draft;
        if (drafts.RefuseIfClosed<CommentDto>(draft) is { } closed)
        {
            return closed;
        }
        var validation = new Validation();
        var body = validation.RequireText("body", DraftService.Clean(request.Body), DraftComment.BodyMaxLength);
        var version = await RequireVersionAsync(draft, request.Version, validation, cancellationToken);
        var anchor = request.Anchor?.Trim();
        DraftComment? parent = null;
        if (request.ReplyToId is { } replyTo)
        {
            parent = await drafts.Db.Set<DraftComment>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == replyTo && c.DraftId == draft.Id, cancellationToken);
            if (parent is null)
            {
                validation.Add("replyToId", "There is no such comment on this draft.");
            }
            else if (!string.IsNullOrEmpty(anchor) && anchor != parent.Anchor)
            {
                validation.Add("anchor", "A reply is about the same paragraph as the comment it answers ({0}).", parent.Anchor);
            }
            anchor = parent?.Anchor ?? anchor;
        }
        else if (version is not null)
        {
            CheckAnchor(version, anchor, validation, mustBeAmendable: false);
        }
        if (!validation.IsValid)
        {
            return Outcome<CommentDto>.Invalid(validation);
        }

        string html;
        try
        {
            html = drafts.RenderCommentHtml(body!);
        }
        catch (MarkdownTooComplexException e)
        {
            return Outcome<CommentDto>.Invalid(e.ToValidation("body"));
        }
        var guarded = guard.Check(request.ConfirmPersonalData == true, new GuardedText("body", body, html));
        if (!guarded.Allowed)
        {
            return guarded.Failure<CommentDto>();
        }
        var comment = new DraftComment
        {
            DraftId = draft.Id, Version = version!.Number, Anchor = anchor!, Body = body!, Html = html,
            ReplyToId = parent?.Id, AuthorId = user.GetUserId()!, CreatedAt = drafts.UtcNow,
        };
        drafts.Db.Add(comment);
        List<string> told = [];
        if (parent is not null && parent.AuthorId != comment.AuthorId)
        {
            drafts.Notifier.Add(parent.AuthorId, "draft", Notice.T["New reply to your comment on '{0}'", draft.Title], $"/groups/{access.Group.Slug}/drafts/{draft.Id}#comment-{parent.Id}");
            told.Add(parent.AuthorId);
        }
        if (guarded.NeedsFlag)
        {
            told.AddRange(await drafts.FlagPersonalDataAsync(access.Group, draft, comment.AuthorId, Notice.T["a comment"],
                $"/groups/{access.Group.Slug}/drafts/{draft.Id}?version={comment.Version}#{comment.Anchor}", cancellationToken));
        }
        await drafts.Db.SaveChangesAsync(cancellationToken);
        await drafts.Notifier.PushCountsAsync(told, cancellationToken);
        var author = (await drafts.PeopleAsync([comment.AuthorId], cancellationToken))[comment.AuthorId];
        var excerpt = Excerpt(drafts.Document(version).Find(comment.Anchor)?.Text)
            ?? (await ExcerptsAsync(draft, [(parent!.Version, parent.Anchor)], cancellationToken)).GetValueOrDefault((parent.Version, parent.Anchor), "");
        var current = await drafts.FindVersionAsync(draft, draft.CurrentVersion, cancellationToken);
        var outdated = current is null || drafts.Document(current).Find(comment.Anchor) is null;
        return Outcome<CommentDto>.Created(new CommentDto(comment.Id, comment.Version, comment.Anchor, comment.Body, comment.Html, author, outdated,
            comment.ReplyToId, DraftService.Utc(comment.CreatedAt), excerpt));
    }

    // ---- Amendments --------------------------------------------------------------------------

    public async Task<IReadOnlyList<AmendmentDto>> ListAmendmentsAsync(PolicyDraft draft, string? status, CancellationToken cancellationToken)
    {
        var query = drafts.Db.Set<Amendment>().AsNoTracking().Where(a => a.DraftId == draft.Id);
        if (!string.IsNullOrEmpty(status))
        {
            query = query.Where(a => a.Status == status);
        }
        var amendments = await query.OrderBy(a => a.Id).ToListAsync(cancellationToken);
        return await ToDtosAsync(draft, amendments, cancellationToken);
    }

    public async Task<Outcome<AmendmentDto>> ProposeAsync(DraftAccess access, ClaimsPrincipal user, AmendmentRequest request, CancellationToken cancellationToken)
    {
        var draft = access.Draft;
        if (drafts.RefuseIfClosed<AmendmentDto>(draft) is { } closed)
        {
            return closed;
        }
        var validation = new Validation();
        var proposed = validation.RequireText("proposedText", DraftService.Clean(request.ProposedText), Amendment.TextMaxLength);
        var rationale = validation.RequireText("rationale", DraftService.Clean(request.Rationale), Amendment.RationaleMaxLength);
        var version = await RequireVersionAsync(draft, request.Version, validation, cancellationToken);
        var block = version is null ? null : CheckAnchor(version, request.Anchor?.Trim(), validation, mustBeAmendable: true);
        if (block is not null && proposed is not null && DraftDocument.Digest(proposed) == DraftDocument.Digest(block.Text))
        {
            validation.Add("proposedText", "The proposed text is the same as the paragraph: change something first.");
        }
        if (!validation.IsValid)
        {
            return Outcome<AmendmentDto>.Invalid(validation);
        }
        var current = await drafts.FindVersionAsync(draft, draft.CurrentVersion, cancellationToken);
        var currentDocument = drafts.Document(current!);
        if (currentDocument.Find(block!.Anchor) is not { } currentBlock)
        {
            return Outcome<AmendmentDto>.Conflict(T["This paragraph has changed since version {0}. Propose your amendment on the text of version {1}.", version!.Number, draft.CurrentVersion]);
        }
        var check = drafts.CheckBody(currentDocument.Replace(currentBlock, proposed!), new Validation(), "proposedText");
        if (check?.Problem is { } problem)
        {
            return problem.Failure<AmendmentDto>();
        }
        var guarded = guard.Check(request.ConfirmPersonalData == true,
            new GuardedText("proposedText", proposed, drafts.RenderCommentHtml(proposed!)), new GuardedText("rationale", rationale));
        if (!guarded.Allowed)
        {
            return guarded.Failure<AmendmentDto>();
        }

        var amendment = new Amendment
        {
            DraftId = draft.Id, Version = version!.Number, Anchor = block.Anchor, OriginalText = block.Text, ProposedText = proposed!,
            Rationale = rationale!, ProposerId = user.GetUserId()!, CreatedAt = drafts.UtcNow, Status = AmendmentStatuses.Open,
        };
        drafts.Db.Add(amendment);
        var told = guarded.NeedsFlag
            ? await drafts.FlagPersonalDataAsync(access.Group, draft, amendment.ProposerId, Notice.T["an amendment"],
                $"/groups/{access.Group.Slug}/drafts/{draft.Id}/amendments#paragraph-{amendment.Anchor}", cancellationToken)
            : [];
        await drafts.Db.SaveChangesAsync(cancellationToken);
        await drafts.Notifier.PushCountsAsync(told, cancellationToken);
        return Outcome<AmendmentDto>.Created((await ToDtosAsync(draft, [amendment], cancellationToken))[0]);
    }

    /// <summary>Loads an amendment and asks the access rule whether the caller facilitates its draft's group. A missing
    /// amendment and one the caller may not read get the same refusal.</summary>
    public async Task<AmendmentDecision> CheckAmendmentAsync(int amendmentId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var amendment = await drafts.Db.Set<Amendment>().SingleOrDefaultAsync(a => a.Id == amendmentId, cancellationToken);
        var draft = amendment is null ? null : await drafts.CheckAsync(amendment.DraftId, user, GroupPermissions.Read, cancellationToken);
        var decision = rule.Check(user, draft?.Access?.Group, GroupPermissions.Facilitate, "amendment");
        return decision.Allowed ? new(decision, draft!.Access, amendment) : new(decision, null, null);
    }

    /// <summary>What the decision needs besides access: a facilitator who did not propose it, an open amendment, an open draft.</summary>
    private Outcome<TResult>? RefuseDecision<TResult>(DraftAccess access, Amendment amendment, ClaimsPrincipal user)
    {
        if (amendment.ProposerId == user.GetUserId())
        {
            return Outcome<TResult>.Forbidden(T["Another facilitator decides on an amendment you proposed."]);
        }
        if (amendment.Status != AmendmentStatuses.Open)
        {
            return Outcome<TResult>.Conflict(T["This amendment was already {0}.", amendment.Status == AmendmentStatuses.Accepted ? T["accepted"] : T["rejected"]]);
        }
        return drafts.RefuseIfClosed<TResult>(access.Draft);
    }

    /// <summary>Accepts an amendment that <see cref="CheckAmendmentAsync"/> allowed the caller to decide on.</summary>
    public async Task<Outcome<AmendmentDto>> AcceptAsync(DraftAccess access, Amendment amendment, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (RefuseDecision<AmendmentDto>(access, amendment, user) is { } refused)
        {
            return refused;
        }
        var draft = access.Draft;
        var current = drafts.Document((await drafts.FindVersionAsync(draft, draft.CurrentVersion, cancellationToken))!);
        if (current.Find(amendment.Anchor) is not { } block)
        {
            return Outcome<AmendmentDto>.Conflict(T["The paragraph this amendment replaces has changed since it was proposed. Reject it, or ask for a new amendment on the current text."]);
        }
        var check = drafts.CheckBody(current.Replace(block, amendment.ProposedText), new Validation(), "proposedText");
        if (check?.Problem is { } problem)
        {
            return problem.Failure<AmendmentDto>();
        }
        var userId = user.GetUserId()!;
        amendment.Status = AmendmentStatuses.Accepted;
        amendment.DecidedById = userId;
        amendment.DecidedAt = drafts.UtcNow;
        var proposer = (await drafts.PeopleAsync([amendment.ProposerId], cancellationToken))[amendment.ProposerId];
        var note = StoredText.Shorten($"Accepted amendment #{amendment.Id} by {proposer.DisplayName} ({proposer.Organisation}): {amendment.Rationale}", DraftVersion.NoteMaxLength);
        drafts.Audit.Record("amendment.accepted", Notice.T["Accepted amendment #{0} to policy draft '{1}'", amendment.Id, draft.Title], draft.GroupId, "draft", DraftService.Id(draft.Id));
        drafts.Notifier.Add(amendment.ProposerId, "draft", Notice.T["Your amendment to '{0}' was accepted", draft.Title], $"/groups/{access.Group.Slug}/drafts/{draft.Id}/amendments#amendment-{amendment.Id}");
        drafts.Mail.Enqueue(DraftMailComposer.AmendmentDecided(amendment, draft.GroupId));
        var saved = await drafts.SaveVersionAsync(access, userId, check!.Body!, note, amendment, cancellationToken);
        if (!saved.Succeeded)
        {
            return saved.Failure<AmendmentDto>();
        }
        await drafts.Notifier.PushCountsAsync([amendment.ProposerId], cancellationToken);
        return Outcome<AmendmentDto>.Ok((await ToDtosAsync(draft, [amendment], cancellationToken))[0]);
    }

    /// <summary>Rejects, with a reason, an amendment that <see cref="CheckAmendmentAsync"/> allowed the caller to decide on.</summary>
    public async Task<Outcome<AmendmentDto>> RejectAsync(DraftAccess access, Amendment amendment, ClaimsPrincipal user, RejectRequest request, CancellationToken cancellationToken)
    {
        if (RefuseDecision<AmendmentDto>(access, amendment, user) is { } refused)
        {
            return refused;
        }
        var validation = new Validation();
        var reason = validation.RequireText("reason", DraftService.Clean(request.Reason), Amendment.ReasonMaxLength);
        if (!validation.IsValid)
        {
            return Outcome<AmendmentDto>.Invalid(validation);
        }
        var guarded = guard.Check(request.ConfirmPersonalData == true, new GuardedText("reason", reason));
        if (!guarded.Allowed)
        {
            return guarded.Failure<AmendmentDto>();
        }
        amendment.Status = AmendmentStatuses.Rejected;
        amendment.Reason = reason;
        amendment.DecidedById = user.GetUserId();
        amendment.DecidedAt = drafts.UtcNow;
        drafts.Audit.Record("amendment.rejected", Notice.T["Rejected amendment #{0} to policy draft '{1}'", amendment.Id, access.Draft.Title], access.Draft.GroupId, "draft", DraftService.Id(access.Draft.Id));
        drafts.Notifier.Add(amendment.ProposerId, "draft", Notice.T["Your amendment to '{0}' was not accepted", access.Draft.Title], $"/groups/{access.Group.Slug}/drafts/{access.Draft.Id}/amendments#amendment-{amendment.Id}");
        drafts.Mail.Enqueue(DraftMailComposer.AmendmentDecided(amendment, access.Draft.GroupId));
        List<string> told = [amendment.ProposerId];
        if (guarded.NeedsFlag)
        {
            told.AddRange(await drafts.FlagPersonalDataAsync(access.Group, access.Draft, user.GetUserId()!, Notice.T["the reason for rejecting an amendment"],
                $"/groups/{access.Group.Slug}/drafts/{access.Draft.Id}/amendments#amendment-{amendment.Id}", cancellationToken));
        }
        await drafts.Db.SaveChangesAsync(cancellationToken);
        await drafts.Notifier.PushCountsAsync(told, cancellationToken);
        return Outcome<AmendmentDto>.Ok((await ToDtosAsync(access.Draft, [amendment], cancellationToken))[0]);
    }

    private async Task<IReadOnlyList<AmendmentDto>> ToDtosAsync(PolicyDraft draft, IReadOnlyList<Amendment> amendments, CancellationToken cancellationToken)
    {
        if (amendments.Count == 0)
        {
            return [];
        }
        var current = await drafts.FindVersionAsync(draft, draft.CurrentVersion, cancellationToken);
        var anchors = current is null ? [] : drafts.Document(current).Blocks.Select(b => b.Anchor).ToHashSet(StringComparer.Ordinal);
        var open = await drafts.Db.Set<Amendment>().AsNoTracking().Where(a => a.DraftId == draft.Id && a.Status == AmendmentStatuses.Open)
            .Select(a => new { a.Id, a.Anchor }).ToListAsync(cancellationToken);
        var people = await drafts.PeopleAsync(amendments.Select(a => a.ProposerId).Concat(amendments.Where(a => a.DecidedById is not null).Select(a => a.DecidedById!)).Distinct().ToList(), cancellationToken);
        return amendments.Select(a => new AmendmentDto(
            a.Id, a.DraftId, a.Version, a.Anchor, a.OriginalText, a.ProposedText, a.Rationale, people[a.ProposerId], DraftService.Utc(a.CreatedAt),
            a.Status, a.Reason, a.DecidedById is null ? null : people[a.DecidedById], a.DecidedAt is { } decided ? DraftService.Utc(decided) : null, a.ResultVersion,
            a.Status == AmendmentStatuses.Open && anchors.Contains(a.Anchor),
            a.Status == AmendmentStatuses.Open ? open.Where(o => o.Anchor == a.Anchor && o.Id != a.Id).Select(o => o.Id).ToList() : [],
            DraftDiff.WordDiff(a.OriginalText, a.ProposedText))).ToList();
    }

    // ---- Positions ---------------------------------------------------------------------------

    /// <summary>Each organisation's latest position, newest first.</summary>
    public async Task<IReadOnlyList<PositionDto>> ListPositionsAsync(PolicyDraft draft, CancellationToken cancellationToken)
    {
        var latest = await LatestPositionsAsync(draft, cancellationToken);
        var people = await drafts.PeopleAsync(latest.Select(r => r.Position.UserId).Distinct().ToList(), cancellationToken);
        return latest.Select(r => ToDto(r, people)).ToList();
    }

    /// <summary>Each organisation's latest position (newest first), with its organisation: who stated them is read by the caller.</summary>
    internal async Task<IReadOnlyList<PositionRow>> LatestPositionsAsync(PolicyDraft draft, CancellationToken cancellationToken)
    {
        var rows = await Positions.For(drafts.Db)(drafts.Db, draft.Id).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.Position.OrganisationId).Select(g => g.OrderByDescending(r => r.Position.Id).First())
            .OrderByDescending(r => r.Position.Id).ToList();
    }

    internal sealed record PositionRow(DraftPosition Position, string Name, StakeholderType StakeholderType);

    internal static PositionDto ToDto(PositionRow r, IReadOnlyDictionary<string, PersonDto> people) => new(
        new OrganisationDto(r.Position.OrganisationId, r.Name, r.StakeholderType.ToWire()), r.Position.Stance, r.Position.Statement, r.Position.Version,
        people[r.Position.UserId], DraftService.Utc(r.Position.CreatedAt));

    public static PositionSummaryDto Summarise(IReadOnlyList<PositionDto> positions) => new(
        StakeholderTypes.All.ToDictionary(
            type => type.ToWire(),
            type => (IReadOnlyDictionary<string, int>)Stances.All.ToDictionary(s => s, s => positions.Count(p => p.Organisation.StakeholderType == type.ToWire() && p.Stance == s))),
        Stances.All.ToDictionary(s => s, s => positions.Count(p => p.Stance == s)),
        positions.Count);

    public async Task<Outcome<PositionDto>> StatePositionAsync(DraftAccess access, ClaimsPrincipal user, PositionRequest request, CancellationToken cancellationToken)
    {
        var draft = access.Draft;
        if (drafts.RefuseIfClosed<PositionDto>(draft) is { } closed)
        {
            return closed;
        }
        var validation = new Validation();
        var stance = request.Stance?.Trim().ToLowerInvariant();
        if (stance is null || !Stances.All.Contains(stance))
        {
            validation.Add("stance", "Choose one of: {0}.", string.Join(", ", Stances.All));
        }
        var statement = validation.OptionalText("statement", DraftService.Clean(request.Statement), DraftPosition.StatementMaxLength) ?? "";
        var version = await RequireVersionAsync(draft, request.Version ?? draft.CurrentVersion, validation, cancellationToken);
        if (!validation.IsValid)
        {
            return Outcome<PositionDto>.Invalid(validation);
        }
        var guarded = guard.Check(request.ConfirmPersonalData == true, new GuardedText("statement", statement));
        if (!guarded.Allowed)
        {
            return guarded.Failure<PositionDto>();
        }
        var userId = user.GetUserId()!;
        var organisationId = await drafts.Db.Users.Where(u => u.Id == userId).Select(u => u.OrganisationId).SingleAsync(cancellationToken);
        var position = new DraftPosition
        {
            DraftId = draft.Id, OrganisationId = organisationId, Version = version!.Number, Stance = stance!, Statement = statement, UserId = userId, CreatedAt = drafts.UtcNow,
        };
        drafts.Db.Add(position);
        var organisation = await drafts.Db.Organisations.AsNoTracking().SingleAsync(o => o.Id == organisationId, cancellationToken);
        drafts.Audit.Record("draft.position", Notice.T["{0} stated '{1}' on version {2} of policy draft '{3}'", organisation.Name, DraftWords.Stance(stance!), version.Number, draft.Title], draft.GroupId, "draft", DraftService.Id(draft.Id));
        var told = guarded.NeedsFlag
            ? await drafts.FlagPersonalDataAsync(access.Group, draft, userId, Notice.T["a position statement"], $"/groups/{access.Group.Slug}/drafts/{draft.Id}#positions", cancellationToken)
            : [];
        await drafts.Db.SaveChangesAsync(cancellationToken);
        await drafts.Notifier.PushCountsAsync(told, cancellationToken);
        var by = (await drafts.PeopleAsync([userId], cancellationToken))[userId];
        return Outcome<PositionDto>.Ok(new PositionDto(new OrganisationDto(organisation.Id, organisation.Name, organisation.StakeholderType.ToWire()),
            position.Stance, position.Statement, position.Version, by, DraftService.Utc(position.CreatedAt)));
    }

    // ---- Helpers -----------------------------------------------------------------------------

    private async Task<DraftVersion?> RequireVersionAsync(PolicyDraft draft, int? number, Validation validation, CancellationToken cancellationToken)
    {
        if (number is null)
        {
            validation.Add("version", "Give the version you are reading.");
            return null;
        }
        var version = await drafts.FindVersionAsync(draft, number.Value, cancellationToken);
        if (version is null)
        {
            validation.Add("version", "This draft has versions 1 to {0}.", draft.CurrentVersion);
        }
        return version;
    }

    private DraftBlock? CheckAnchor(DraftVersion version, string? anchor, Validation validation, bool mustBeAmendable)
    {
        if (string.IsNullOrEmpty(anchor))
        {
            validation.Add("anchor", "Give the paragraph's anchor (the id of its element in the draft's HTML).");
            return null;
        }
        var block = DraftDocument.IsAnchor(anchor) ? drafts.Document(version).Find(anchor) : null;
        if (block is null)
        {
            validation.Add("anchor", "Version {0} has no paragraph with this anchor.", version.Number);
            return null;
        }
        if (mustBeAmendable && !block.Amendable)
        {
            validation.Add("anchor", "Footnotes cannot be amended on their own: propose a change to the paragraph that uses them.");
            return null;
        }
        return block;
    }

    private async Task<Dictionary<(int, string), string>> ExcerptsAsync(PolicyDraft draft, IEnumerable<(int Version, string Anchor)> keys, CancellationToken cancellationToken) =>
        Excerpts((await drafts.DocumentsAsync(draft, keys.Select(k => k.Version).ToHashSet(), cancellationToken)).Select(p => (p.Key, p.Value)));

    private static string? Excerpt(string? text) => text is null ? null : text.Length <= ExcerptLength ? text : text[..ExcerptLength] + "…";
}
