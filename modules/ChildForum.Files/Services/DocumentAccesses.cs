using System.Security.Claims;
using ChildForum.Core.Data;
using ChildForum.Core.Security;
using ChildForum.Files.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Files.Services;

/// <summary>A document and the caller's access to its group, when the caller may read it.</summary>
public sealed record DocumentAccess(Document Document, GroupAccess Group);

/// <summary>Loads a document and asks the one <see cref="AccessRule"/> about its group: a deleted document, or one of a
/// group the caller may not read, answers exactly like a missing one (404 naming no file).</summary>
public sealed class DocumentAccesses(ForumDbContext db, AccessRule rule)
{
    public const string What = "document";

    public async Task<(AccessDecision Decision, DocumentAccess? Access)> CheckAsync(int documentId, ClaimsPrincipal user, GroupPermission permission, CancellationToken cancellationToken)
    {
        var document = await db.Set<Document>().SingleOrDefaultAsync(d => d.Id == documentId && !d.Deleted, cancellationToken);
        var decision = document is null
            ? rule.Check(user, null, permission, What)
            : await rule.CheckAsync(user, document.GroupId, permission, What, cancellationToken);
        return (decision, decision.Allowed ? new DocumentAccess(document!, decision.Group) : null);
    }

    /// <summary>Whether the caller, who may read the document, may replace or delete it: its uploader while still a
    /// contributor, or a facilitator (administrators included); meeting papers (agenda items) only facilitators, as only
    /// they attach them.</summary>
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
}
