using System.Security.Claims;
using ChildForum.Core.Content;
using ChildForum.Core.Http;
using ChildForum.Core.Safeguarding;
using ChildForum.Core.Security;
using ChildForum.PolicyDrafts.Models;
using ChildForum.PolicyDrafts.Services;

namespace ChildForum.PolicyDrafts.Import;

/// <summary>Imported texts become drafts and versions through <see cref="DraftService"/>, exactly as typed ones do (the
/// same permissions, guard, versioning and anchors). Before that, the text is checked once more under the name of the
/// field it came in, <c>file</c>, so that an imported text's problem (no text, an ID number, the same as the current
/// version) is not reported on a <c>body</c> field the caller never sent.</summary>
public sealed class DraftImportTarget(DraftService drafts, AccessRule rule) : IDraftImportTarget
{
    public const string FileField = "file";

    public Task<AccessDecision> CheckCreateAsync(ClaimsPrincipal user, string groupIdOrSlug, CancellationToken cancellationToken) =>
        rule.CheckAsync(user, groupIdOrSlug, GroupPermissions.Facilitate, cancellationToken);

    public async Task<AccessDecision> CheckNewVersionAsync(ClaimsPrincipal user, int draftId, CancellationToken cancellationToken) =>
        (await drafts.CheckAsync(draftId, user, GroupPermissions.Facilitate, cancellationToken)).Decision;

    public async Task<Outcome<ImportedDraft>> CreateDraftAsync(GroupAccess group, ClaimsPrincipal user, string title, string markdown, bool confirmPersonalData, CancellationToken cancellationToken)
    {
        if (Precheck<ImportedDraft>(markdown, confirmPersonalData) is { } refused)
        {
            return refused;
        }
        var created = await drafts.CreateAsync(group, user, new CreateDraftRequest(title, markdown, Language: null, confirmPersonalData), cancellationToken);
        return created is { Succeeded: true, Value: { } d }
            ? Outcome<ImportedDraft>.Created(new ImportedDraft(d.Id, d.GroupId, d.Title, d.Status, d.Version, d.Language, d.CreatedAt, d.UpdatedAt))
            : created.Failure<ImportedDraft>();
    }

    public async Task<Outcome<ImportedVersion>> AddVersionAsync(ClaimsPrincipal user, int draftId, string markdown, string? note, bool confirmPersonalData, CancellationToken cancellationToken)
    {
        var decision = await drafts.CheckAsync(draftId, user, GroupPermissions.Facilitate, cancellationToken);
        if (!decision.Allowed)
        {
            return decision.Decision.ToOutcome<ImportedVersion>();
        }
        if (Precheck<ImportedVersion>(markdown, confirmPersonalData) is { } refused)
        {
            return refused;
        }
        var draft = decision.Access.Draft;
        if (await drafts.FindVersionAsync(draft, draft.CurrentVersion, cancellationToken) is { } current
            && drafts.CheckBody(markdown, new Validation(), FileField)?.Body == current.Body)
        {
            return Outcome<ImportedVersion>.Invalid(FileField, "The text is the same as version {0}: change something first.", draft.CurrentVersion);
        }
        var added = await drafts.AddVersionAsync(decision.Access, user, new NewVersionRequest(markdown, note, BaseVersion: null, confirmPersonalData), cancellationToken);
        return added is { Succeeded: true, Value: { } v }
            ? Outcome<ImportedVersion>.Created(new ImportedVersion(v.Version, v.DraftId, v.Note, v.CreatedAt))
            : added.Failure<ImportedVersion>();
    }

    /// <summary>The body's checks and the children's-data guard under <c>file</c>; null when the service may proceed
    /// (it runs the same checks again, and flags a confirmed phone number or address itself).</summary>
    private Outcome<T>? Precheck<T>(string markdown, bool confirmPersonalData)
    {
        var validation = new Validation();
        var body = drafts.CheckBody(markdown, validation, FileField);
        if (body?.Problem is { } problem)
        {
            return problem.Failure<T>();
        }
        if (!validation.IsValid || body?.Document is null)
        {
            return Outcome<T>.Invalid(validation);
        }
        var guarded = drafts.Guard.Check(confirmPersonalData, new GuardedText(FileField, body.Body, body.Document.Html));
        return guarded.Allowed ? null : guarded.Failure<T>();
    }
}
