using System.Security.Claims;
using ChildForum.Core.Content;
using ChildForum.Core.Data;
using ChildForum.Core.Security;
using ChildForum.Files.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Files.Services;

/// <summary>A document and the caller's access to its group, when the caller may read it.</summary>
public sealed record DocumentAccess(Document Document, GroupAccess Group);

/// <summary>Loads a document and asks the one <see cref="AccessRule"/> about it: a file is read by the people who may
/// read what it belongs to (its owning module says who, see <see cref="IGroupContent.AudiencesAsync"/>; the group's
/// library is the group's readers). A deleted document, one of a group the caller may not read, and one on a hidden
/// message or an unpublished agenda that the caller may not see all answer exactly like a missing one (404 naming no file).</summary>
public sealed class DocumentAccesses(ForumDbContext db, AccessRule rule, IEnumerable<IGroupContent> content)
{
    public const string What = "document";

    public async Task<(AccessDecision Decision, DocumentAccess? Access)> CheckAsync(int documentId, ClaimsPrincipal user, GroupPermission permission, CancellationToken cancellationToken)
    {
        var document = await db.Set<Document>().SingleOrDefaultAsync(d => d.Id == documentId && !d.Deleted, cancellationToken);
        var decision = document is null
            ? rule.Check(user, null, permission, What)
            : await rule.CheckAsync(user, document.GroupId, permission, What, cancellationToken);
        if (decision.Access is { } group && !Readable(group, (await AudiencesAsync([document!], cancellationToken))[document!.Id]))
        {
            decision = rule.Check(user, null, permission, What);
        }
        return (decision, decision.Allowed ? new DocumentAccess(document!, decision.Group) : null);
    }

    /// <summary>The documents of the list that the caller, who reads their group, may read.</summary>
    public async Task<List<Document>> ReadableAsync(GroupAccess group, IReadOnlyList<Document> documents, CancellationToken cancellationToken)
    {
        var audiences = await AudiencesAsync(documents, cancellationToken);
        return documents.Where(d => Readable(group, audiences[d.Id])).ToList();
    }

    /// <summary>Whether the item that <paramref name="target"/> names is in the group and the caller may read it: one may
    /// attach a file only to what one sees.</summary>
    public async Task<bool> TargetReadableAsync(GroupAccess group, AttachmentTarget target, CancellationToken cancellationToken) =>
        content.FirstOrDefault(c => c.Kind == target.Kind) is { } owner
        && Readable(group, (await owner.AudiencesAsync([target.Id], group.GroupId, cancellationToken))[target.Id]);

    /// <summary>Who may read each document: its owner's answer, or the group's readers for the library, narrowed to the
    /// facilitators while the guard holds back every version it has (a held new version of a released document leaves
    /// readers the last released one, see <see cref="DocumentService"/>). Batched per kind.</summary>
    public async Task<Dictionary<int, ContentAudience>> AudiencesAsync(IReadOnlyList<Document> documents, CancellationToken cancellationToken)
    {
        var result = await OwnerAudiencesAsync(documents, cancellationToken);
        var ids = documents.Select(d => d.Id).ToList();
        var released = (await db.Set<DocumentVersion>().Where(v => ids.Contains(v.DocumentId) && !v.Held).Select(v => v.DocumentId).Distinct()
            .ToListAsync(cancellationToken)).ToHashSet();
        foreach (var document in documents.Where(d => !released.Contains(d.Id)))
        {
            result[document.Id] = result[document.Id] == ContentAudience.Nobody ? ContentAudience.Nobody : ContentAudience.Facilitators;
        }
        return result;
    }

    private async Task<Dictionary<int, ContentAudience>> OwnerAudiencesAsync(IReadOnlyList<Document> documents, CancellationToken cancellationToken)
    {
        var result = documents.Where(d => d.AttachedToKind is null).ToDictionary(d => d.Id, _ => ContentAudience.Readers);
        foreach (var byOwner in documents.Where(d => d.AttachedToKind is not null).GroupBy(d => (Kind: d.AttachedToKind!, d.GroupId)))
        {
            var owner = content.FirstOrDefault(c => c.Kind == byOwner.Key.Kind);
            var audiences = owner is null
                ? new Dictionary<int, ContentAudience>()
                : await owner.AudiencesAsync(byOwner.Select(d => d.AttachedToId!.Value).Distinct().ToList(), byOwner.Key.GroupId, cancellationToken);
            foreach (var document in byOwner)
            {
                result[document.Id] = audiences.GetValueOrDefault(document.AttachedToId!.Value, ContentAudience.Nobody);
            }
        }
        return result;
    }

    /// <summary>Whether the caller may change the document: its uploader while still a
    /// contributor, or a facilitator (administrators included); meeting papers (agenda items) only facilitators, as only
    /// they attach them. The caller has already been found to read it.</summary>
    public AccessDecision CheckChange(DocumentAccess access, ClaimsPrincipal user)
    {
        var facilitate = rule.Check(user, access.Group, GroupPermissions.Facilitate, What);
        if (facilitate.Allowed || access.Document.AttachedToKind == AttachmentTarget.AgendaItem)
        {
            return facilitate;
        }
        var contribute = rule.Check(user, access.Group, GroupPermissions.Contribute, What);
        return contribute.Allowed && access.Document.UploadedById != user.GetUserId() ? facilitate : contribute;
    }

    private static bool Readable(GroupAccess group, ContentAudience audience) => audience switch
    {
        ContentAudience.Readers => true,
        ContentAudience.Facilitators => AccessRule.Allows(group, GroupPermissions.Facilitate),
        _ => false,
    };
}
