using ChildForum.Core.Localization;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.RegularExpressions;
using ChildForum.Core.Audit;
using ChildForum.Core.Data;
using ChildForum.Core.Http;
using ChildForum.Core.Identity;
using ChildForum.Core.Mail;
using ChildForum.Core.Markdown;
using ChildForum.Core.Notifications;
using ChildForum.Core.Organisations;
using ChildForum.Core.Safeguarding;
using ChildForum.Core.Security;
using ChildForum.PolicyDrafts.Documents;
using ChildForum.PolicyDrafts.Localization;
using ChildForum.PolicyDrafts.Mail;
using ChildForum.PolicyDrafts.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ChildForum.PolicyDrafts.Services;

/// <summary>Drafts, versions, diffs and status: the one implementation behind the API and the pages.</summary>
public sealed partial class DraftService(
    ForumDbContext db,
    PeopleDirectory people,
    AccessRule rule,
    IGroupMembers groups,
    PersonalDataGuard guard,
    DraftDocuments documents,
    IAuditLog audit,
    Notifier notifier,
    IMailOutbox mail,
    ChildForum.Core.Search.ISearchOutbox search,
    TimeProvider clock,
    IStringLocalizer<PolicyDraftsResource> t)
{
    /// <summary>The largest body, in UTF-8 bytes.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    internal ForumDbContext Db => db;

    internal IStringLocalizer T => t;

    // ---- Access ------------------------------------------------------------------------------

    /// <summary>Loads the draft and asks the access rule whether the caller may do <paramref name="permission"/> in its
    /// group. A missing draft and one the caller may not read get the same refusal.</summary>
    public async Task<DraftDecision> CheckAsync(int draftId, ClaimsPrincipal user, GroupPermission permission, CancellationToken cancellationToken)
    {
        var draft = await DraftById.For(db)(db, draftId, cancellationToken);
        var readable = draft is null ? null : (await rule.CheckAsync(user, draft.GroupId, GroupPermissions.Read, cancellationToken)).Access;
        var decision = rule.Check(user, readable, permission, "draft");
        return new(decision, decision.Allowed ? new DraftAccess(draft!, decision.Group) : null);
    }

    /// <summary>The draft, tracked (an edit changes it). Every draft page and call asks it first, so it is a compiled query:
    /// EF Core skips building its cache key and extracting its parameter on each call.</summary>
    private static readonly PerModel<Func<ForumDbContext, int, CancellationToken, Task<PolicyDraft?>>> DraftById = new(_ => EF.CompileAsyncQuery(
        (ForumDbContext db, int draftId, CancellationToken cancellationToken) => db.Set<PolicyDraft>().SingleOrDefault(d => d.Id == draftId)));

    /// <summary>A further permission on a draft already loaded (a page's form after the page was read).</summary>
    public AccessDecision Check(ClaimsPrincipal user, DraftAccess access, GroupPermission permission) =>
        rule.Check(user, access.Group, permission, "draft");

    internal Outcome<T>? RefuseIfClosed<T>(PolicyDraft draft) =>
        DraftStatuses.IsClosed(draft.Status)
            ? Outcome<T>.Conflict(t["This draft is {0}: it no longer takes changes, comments, amendments or positions.", StatusLabel(draft.Status)])
            : null;

    public string StatusLabel(string status) => Areas.PolicyDrafts.Pages.DraftLabels.Status(status, t);

    // ---- Drafts ------------------------------------------------------------------------------

    public async Task<IReadOnlyList<DraftSummaryDto>> ListAsync(int groupId, CancellationToken cancellationToken) =>
        (await DraftsOf.For(db)(db, groupId).ToListAsync(cancellationToken))
            .OrderByDescending(d => d.UpdatedAt).Select(ToSummary).ToList();

    /// <summary>Compiled: the group page asks it on every request.</summary>
    private static readonly PerModel<Func<ForumDbContext, int, IAsyncEnumerable<PolicyDraft>>> DraftsOf = new(_ => EF.CompileAsyncQuery(
        (ForumDbContext db, int groupId) => db.Set<PolicyDraft>().AsNoTracking().Where(d => d.GroupId == groupId)));

    public async Task<Outcome<DraftSummaryDto>> CreateAsync(GroupAccess group, ClaimsPrincipal user, CreateDraftRequest request, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var title = validation.RequireText("title", Clean(request.Title), PolicyDraft.TitleMaxLength);
        var checkedBody = CheckBody(request.Body, validation);
        var language = CheckLanguage(request.Language, checkedBody?.Body ?? "", validation);
        if (checkedBody?.Problem is { } problem)
        {
            return problem.Failure<DraftSummaryDto>();
        }
        if (!validation.IsValid)
        {
            return Outcome<DraftSummaryDto>.Invalid(validation);
        }
        var guarded = guard.Check(request.ConfirmPersonalData == true,
            new GuardedText("title", title), new GuardedText("body", checkedBody!.Body, checkedBody.Document!.Html));
        if (!guarded.Allowed)
        {
            return guarded.Failure<DraftSummaryDto>();
        }

        var now = Now;
        var userId = user.GetUserId()!;
        await using var transaction = await db.BeginOwnTransactionAsync(cancellationToken);
        var draft = new PolicyDraft
        {
            GroupId = group.GroupId, Title = title!, Language = language!, Status = DraftStatuses.Drafting, CurrentVersion = 1,
            CreatedById = userId, CreatedAt = now, UpdatedAt = now,
        };
        db.Add(draft);
        await db.SaveChangesAsync(cancellationToken);
        db.Add(new DraftVersion { DraftId = draft.Id, Number = 1, Body = checkedBody.Body!, Note = "", AuthorId = userId, CreatedAt = now });
        audit.Record("draft.created", Notice.T["Started policy draft '{0}'", draft.Title], group.GroupId, "draft", Id(draft.Id));
        search.Changed(DraftSearchSource.Parent(draft.Id));
        var told = guarded.NeedsFlag
            ? await FlagPersonalDataAsync(group, draft, userId, Notice.T["the title or text"], $"/groups/{group.Slug}/drafts/{draft.Id}", cancellationToken)
            : [];
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitOwnAsync(cancellationToken);
        await notifier.PushCountsAsync(told, cancellationToken);
        return Outcome<DraftSummaryDto>.Created(ToSummary(draft));
    }

    /// <summary>The draft at a version (the newest when <paramref name="number"/> is null).</summary>
    public async Task<Outcome<DraftDto>> GetAsync(DraftAccess access, int? number, CancellationToken cancellationToken)
    {
        var version = await FindVersionAsync(access.Draft, number ?? access.Draft.CurrentVersion, cancellationToken);
        if (version is null)
        {
            return Outcome<DraftDto>.NotFound("version");
        }
        var author = (await PeopleAsync([version.AuthorId], cancellationToken))[version.AuthorId];
        return Outcome<DraftDto>.Ok(ToDto(access.Draft, version.Number, version.Note, documents.Get(version), author));
    }

    /// <summary>The draft at one version, as the API and the reader page show it.</summary>
    internal static DraftDto ToDto(PolicyDraft d, int number, string note, DraftDocument document, PersonDto author) =>
        new(d.Id, d.GroupId, d.Title, d.Status, number, d.CurrentVersion, d.Language, document.Body, document.Html, Blocks(document), note, author, Utc(d.CreatedAt), Utc(d.UpdatedAt));

    public async Task<Outcome<DraftSummaryDto>> SetStatusAsync(DraftAccess access, StatusRequest request, CancellationToken cancellationToken)
    {
        var draft = access.Draft;
        var status = request.Status?.Trim().ToLowerInvariant();
        if (status is null || !DraftStatuses.All.Contains(status))
        {
            return Outcome<DraftSummaryDto>.Invalid("status", "Choose one of: {0}.", string.Join(", ", DraftStatuses.All));
        }
        if (status == draft.Status)
        {
            return Outcome<DraftSummaryDto>.Ok(ToSummary(draft));
        }
        if (!DraftStatuses.CanMove(draft.Status, status))
        {
            return Outcome<DraftSummaryDto>.Conflict(t["A draft that is {0} cannot become {1}. Drafts move drafting → consultation → final → adopted, one step back before adoption, or to withdrawn.", StatusLabel(draft.Status), StatusLabel(status)]);
        }
        var previous = draft.Status;
        draft.Status = status;
        draft.UpdatedAt = Now;
        audit.Record("draft.status", Notice.T["Moved policy draft '{0}' from {1} to {2}", draft.Title, DraftWords.Status(previous), DraftWords.Status(status)], draft.GroupId, "draft", Id(draft.Id));
        search.Changed(DraftSearchSource.Parent(draft.Id));
        List<string> told = [];
        if (status is DraftStatuses.Consultation or DraftStatuses.Adopted)
        {
            told = await NotifyMembersAsync(access, user: null,
                status == DraftStatuses.Consultation ? Notice.T["Policy draft open for consultation: {0}", draft.Title] : Notice.T["Policy draft adopted: {0}", draft.Title],
                cancellationToken);
            foreach (var member in told)
            {
                mail.Enqueue(new MailRequest(member, MailKinds.DraftStage, draft.GroupId, DraftMailComposer.Subject(draft.Id), MailText.Data(new { status })));
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        await notifier.PushCountsAsync(told, cancellationToken);
        return Outcome<DraftSummaryDto>.Ok(ToSummary(draft));
    }

    // ---- Versions ----------------------------------------------------------------------------

    public async Task<IReadOnlyList<VersionSummaryDto>> ListVersionsAsync(PolicyDraft draft, CancellationToken cancellationToken)
    {
        var versions = await db.Set<DraftVersion>().AsNoTracking().Where(v => v.DraftId == draft.Id)
            .Select(v => new { v.Number, v.Note, v.AuthorId, v.CreatedAt, v.AmendmentId }).ToListAsync(cancellationToken);
        var people = await PeopleAsync(versions.Select(v => v.AuthorId).Distinct().ToList(), cancellationToken);
        return versions.OrderByDescending(v => v.Number)
            .Select(v => new VersionSummaryDto(v.Number, v.Note, people[v.AuthorId], Utc(v.CreatedAt), v.AmendmentId)).ToList();
    }

    public async Task<Outcome<VersionDto>> GetVersionAsync(PolicyDraft draft, int number, CancellationToken cancellationToken)
    {
        var version = await FindVersionAsync(draft, number, cancellationToken);
        if (version is null)
        {
            return Outcome<VersionDto>.NotFound("version");
        }
        var document = documents.Get(version);
        var author = (await PeopleAsync([version.AuthorId], cancellationToken))[version.AuthorId];
        return Outcome<VersionDto>.Ok(new VersionDto(draft.Id, version.Number, version.Note, author, Utc(version.CreatedAt), version.AmendmentId, document.Body, document.Html, Blocks(document)));
    }

    public async Task<Outcome<VersionCreatedDto>> AddVersionAsync(DraftAccess access, ClaimsPrincipal user, NewVersionRequest request, CancellationToken cancellationToken)
    {
        var draft = access.Draft;
        if (RefuseIfClosed<VersionCreatedDto>(draft) is { } closed)
        {
            return closed;
        }
        var validation = new Validation();
        var checkedBody = CheckBody(request.Body, validation);
        var note = validation.OptionalText("note", Clean(request.Note), DraftVersion.NoteMaxLength) ?? "";
        if (checkedBody?.Problem is { } problem)
        {
            return problem.Failure<VersionCreatedDto>();
        }
        if (request.BaseVersion is { } baseVersion && baseVersion != draft.CurrentVersion)
        {
            return Outcome<VersionCreatedDto>.Conflict(t["Version {0} was published while you edited version {1}. Open the newest version, then make your change again.", draft.CurrentVersion, baseVersion]);
        }
        if (!validation.IsValid)
        {
            return Outcome<VersionCreatedDto>.Invalid(validation);
        }
        var current = await FindVersionAsync(draft, draft.CurrentVersion, cancellationToken);
        if (current is not null && current.Body == checkedBody!.Document!.Body)
        {
            return Outcome<VersionCreatedDto>.Invalid("body", "The text is the same as version {0}: change something first.", draft.CurrentVersion);
        }
        var guarded = guard.Check(request.ConfirmPersonalData == true,
            new GuardedText("body", checkedBody!.Body, checkedBody.Document!.Html), new GuardedText("note", note));
        if (!guarded.Allowed)
        {
            return guarded.Failure<VersionCreatedDto>();
        }
        return await SaveVersionAsync(access, user.GetUserId()!, checkedBody.Body!, note, amendment: null, cancellationToken, flagPersonalData: guarded.NeedsFlag);
    }

    /// <summary>Stores the next version. The number is taken with one compare-and-set UPDATE in the transaction,
    /// so two facilitators publishing at once get versions n+1 and a clear 409, never two versions n+1.</summary>
    internal async Task<Outcome<VersionCreatedDto>> SaveVersionAsync(DraftAccess access, string authorId, string body, string note, Amendment? amendment, CancellationToken cancellationToken, bool flagPersonalData = false)
    {
        var draft = access.Draft;
        var expected = draft.CurrentVersion;
        var number = expected + 1;
        var now = Now;
        await using var transaction = await db.BeginOwnTransactionAsync(cancellationToken);
        var taken = await db.Set<PolicyDraft>().Where(d => d.Id == draft.Id && d.CurrentVersion == expected)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.CurrentVersion, number).SetProperty(d => d.UpdatedAt, now), cancellationToken);
        if (taken == 0)
        {
            return Outcome<VersionCreatedDto>.Conflict(t["Another version was published at the same moment. Open the newest version, then make your change again."]);
        }
        var version = new DraftVersion { DraftId = draft.Id, Number = number, Body = body, Note = note, AuthorId = authorId, CreatedAt = now, AmendmentId = amendment?.Id };
        db.Add(version);
        if (amendment is not null)
        {
            amendment.ResultVersion = number;
        }
        audit.Record("draft.version", amendment is null
                ? Notice.T["Published version {0} of policy draft '{1}'", number, draft.Title]
                : Notice.T["Published version {0} of policy draft '{1}' by accepting amendment #{2}", number, draft.Title, amendment.Id],
            draft.GroupId, "draft", Id(draft.Id));
        search.Changed(DraftSearchSource.Parent(draft.Id));
        var told = flagPersonalData
            ? await FlagPersonalDataAsync(access.Group, draft, authorId, Notice.T["the text of version {0}", number], $"/groups/{access.Group.Slug}/drafts/{draft.Id}?version={number}", cancellationToken)
            : [];
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitOwnAsync(cancellationToken);
        await notifier.PushCountsAsync(told, cancellationToken);
        // The row was updated by ExecuteUpdate: bring the tracked copy level without marking it changed.
        var entry = db.Entry(draft);
        entry.Property(d => d.CurrentVersion).CurrentValue = entry.Property(d => d.CurrentVersion).OriginalValue = number;
        entry.Property(d => d.UpdatedAt).CurrentValue = entry.Property(d => d.UpdatedAt).OriginalValue = now;
        return Outcome<VersionCreatedDto>.Created(new VersionCreatedDto(number, draft.Id, note, Utc(now)));
    }

    public async Task<Outcome<DiffDto>> DiffAsync(PolicyDraft draft, int? from, int? to, DiffLabels labels, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        if (from is null)
        {
            validation.Add("from", "Give the older version's number.");
        }
        if (to is null)
        {
            validation.Add("to", "Give the newer version's number.");
        }
        if (!validation.IsValid)
        {
            return Outcome<DiffDto>.Invalid(validation);
        }
        var older = await FindVersionAsync(draft, from!.Value, cancellationToken);
        var newer = await FindVersionAsync(draft, to!.Value, cancellationToken);
        if (older is null || newer is null)
        {
            return Outcome<DiffDto>.NotFound("version");
        }
        var before = documents.Get(older);
        var after = documents.Get(newer);
        var changes = DraftDiff.Compare(before, after);
        return Outcome<DiffDto>.Ok(new DiffDto(older.Number, newer.Number, changes, DraftDiff.ToHtml(changes, before, after, labels)));
    }

    public DiffLabels Labels() => new(t["Inserted:"], t["Deleted:"], t["Changed paragraph:"], t["Moved:"], t["(end of insertion)"], t["(end of deletion)"]);

    public async Task<DraftVersion?> FindVersionAsync(PolicyDraft draft, int number, CancellationToken cancellationToken) =>
        number < 1 || number > draft.CurrentVersion
            ? null
            : await db.Set<DraftVersion>().AsNoTracking().SingleOrDefaultAsync(v => v.DraftId == draft.Id && v.Number == number, cancellationToken);

    public DraftDocument Document(DraftVersion version) => documents.Get(version);

    /// <summary>The parsed versions of <paramref name="draft"/> with these numbers, by number (a number it does not have is
    /// left out), in two commands however many: the versions' ids, then the bodies of those not parsed yet (none once warm).</summary>
    internal async Task<Dictionary<int, DraftDocument>> DocumentsAsync(PolicyDraft draft, IReadOnlyCollection<int> numbers, CancellationToken cancellationToken)
    {
        var wanted = numbers.Distinct().ToList();
        var versions = await db.Set<DraftVersion>().AsNoTracking().Where(v => v.DraftId == draft.Id && wanted.Contains(v.Number))
            .Select(v => new { v.Id, v.Number }).ToListAsync(cancellationToken);
        return await DocumentsAsync(versions.Select(v => (v.Id, v.Number)).ToList(), cancellationToken);
    }

    /// <summary>These versions parsed, by number: from the cache, and the bodies of the others in one command.</summary>
    internal async Task<Dictionary<int, DraftDocument>> DocumentsAsync(IReadOnlyList<(int Id, int Number)> versions, CancellationToken cancellationToken)
    {
        var parsed = new Dictionary<int, DraftDocument>();
        var missing = new List<int>();
        foreach (var (id, number) in versions)
        {
            if (documents.Cached(id) is { } document)
            {
                parsed[number] = document;
            }
            else
            {
                missing.Add(id);
            }
        }
        if (missing.Count > 0)
        {
            foreach (var version in await db.Set<DraftVersion>().AsNoTracking().Where(v => missing.Contains(v.Id)).ToListAsync(cancellationToken))
            {
                parsed[version.Number] = documents.Get(version);
            }
        }
        return parsed;
    }

    internal string RenderCommentHtml(string body) => documents.RenderComment(body);

    // ---- Checks ------------------------------------------------------------------------------

    internal sealed record CheckedBody(string? Body, DraftDocument? Document, Outcome<bool>? Problem);

    /// <summary>Required, at most 1 MB, renderable within the time budget.</summary>
    internal CheckedBody? CheckBody(string? body, Validation validation, string field = "body")
    {
        // Blank lines around the text go; leading spaces stay (they make an indented code block).
        var text = body is null ? null : LeadingBlankLines().Replace(DraftDocument.Normalize(body.Replace("\0", "", StringComparison.Ordinal)).TrimEnd(), "");
        if (string.IsNullOrWhiteSpace(text))
        {
            validation.Add(field, "Write the text first.");
            return null;
        }
        var bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes > MaxBodyBytes)
        {
            return new(null, null, Outcome<bool>.TooLarge(t["The text is {0:N0} bytes; the most is {1:N0} (1 MB). Split it into several drafts.", bytes, MaxBodyBytes]));
        }
        try
        {
            var document = documents.Parse(text);
            return new(document.Body, document, null);
        }
        catch (MarkdownTooComplexException e)
        {
            return new(null, null, Outcome<bool>.Invalid(e.ToValidation(field)));
        }
    }

    private static string? CheckLanguage(string? language, string body, Validation validation)
    {
        if (string.IsNullOrWhiteSpace(language))
        {
            return HanCharacter().IsMatch(body) ? "zh-Hans" : "en";
        }
        language = language.Trim();
        if (!LanguageTag().IsMatch(language))
        {
            validation.Add("language", "Give a language tag such as en, zh-Hans, da or sv.");
            return null;
        }
        try
        {
            return CultureInfo.GetCultureInfo(language, predefinedOnly: true).Name is { Length: > 0 } name ? name : language;
        }
        catch (CultureNotFoundException)
        {
            validation.Add("language", "Give a language tag such as en, zh-Hans, da or sv.");
            return null;
        }
    }

    [GeneratedRegex(@"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$")]
    private static partial Regex LanguageTag();

    [GeneratedRegex(@"\A([ \t]*\n)+")]
    private static partial Regex LeadingBlankLines();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex HanCharacter();


    internal static string? Clean(string? text) => text?.Replace("\0", "", StringComparison.Ordinal);

    // ---- Shared ------------------------------------------------------------------------------

    internal async Task<List<string>> NotifyMembersAsync(DraftAccess access, string? user, NoticeText text, CancellationToken cancellationToken)
    {
        var url = $"/groups/{access.Group.Slug}/drafts/{access.Draft.Id}";
        var members = (await groups.GetMembersAsync(access.Group.GroupId, cancellationToken)).Select(m => m.UserId).Where(id => id != user).ToList();
        foreach (var member in members)
        {
            notifier.Add(member, "draft", text, url);
        }
        return members;
    }

    /// <summary>The author confirmed that a phone number or e-mail address may be shared: the group's other facilitators
    /// are told and the audit log records it, in the caller's unit of work (its next SaveChanges). Returns who was told,
    /// for <see cref="Notifier.PushCountsAsync"/> after saving. Neither says the number or address itself.</summary>
    internal async Task<List<string>> FlagPersonalDataAsync(GroupAccess group, PolicyDraft draft, string authorId, NoticeText where, string url, CancellationToken cancellationToken)
    {
        var facilitators = (await groups.GetMembersAsync(group.GroupId, cancellationToken))
            .Where(m => m.Role == GroupRole.Facilitator && m.UserId != authorId).Select(m => m.UserId).Distinct().ToList();
        foreach (var facilitator in facilitators)
        {
            notifier.Add(facilitator, "safeguarding",
                Notice.T["Safeguarding: {0} of policy draft '{1}' has a phone number or e-mail address that its author confirmed may be shared. Check that it is not a child's.", where, draft.Title], url);
        }
        audit.Record("draft.personal-data", Notice.T["The author confirmed a phone number or e-mail address in {0} of policy draft #{1}", where, draft.Id], group.GroupId, "draft", Id(draft.Id));
        return facilitators;
    }

    internal PersonalDataGuard Guard => guard;

    internal Notifier Notifier => notifier;

    internal IMailOutbox Mail => mail;

    internal IAuditLog Audit => audit;

    internal DateTime UtcNow => Now;

    public async Task<Dictionary<string, PersonDto>> PeopleAsync(IReadOnlyList<string> userIds, CancellationToken cancellationToken) =>
        (await PeopleWithOrganisationsAsync(userIds, cancellationToken)).ToDictionary(p => p.Key, p => p.Value.Person);

    /// <summary>People with their organisations, in one query (a person without an organisation is not found).</summary>
    internal async Task<Dictionary<string, (PersonDto Person, OrganisationDto Organisation)>> PeopleWithOrganisationsAsync(IReadOnlyList<string> userIds, CancellationToken cancellationToken) =>
        (await people.FindAsync(userIds, cancellationToken)).ToDictionary(p => p.Key, p =>
        {
            var (id, name, organisationId, organisation, type) = p.Value;
            return (new PersonDto(id, name, organisation, type.ToWire()), new OrganisationDto(organisationId, organisation, type.ToWire()));
        });

    public static IReadOnlyList<BlockDto> Blocks(DraftDocument document) => document.Blocks.Select(b => new BlockDto(b.Anchor, b.Text)).ToList();

    public static DraftSummaryDto ToSummary(PolicyDraft d) => new(d.Id, d.GroupId, d.Title, d.Status, d.CurrentVersion, d.Language, Utc(d.CreatedAt), Utc(d.UpdatedAt));

    internal static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    internal static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
