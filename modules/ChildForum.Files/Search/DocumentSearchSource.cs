using System.Globalization;
using System.Runtime.CompilerServices;
using ChildForum.Core.Content;
using ChildForum.Core.Data;
using ChildForum.Core.Organisations;
using ChildForum.Core.Search;
using ChildForum.Files.Extraction;
using ChildForum.Files.Inspection;
using ChildForum.Files.Models;
using ChildForum.Files.Services;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Files.Search;

/// <summary>Documents for search (type <c>document</c>): parent <c>document:{id}</c>, the current version's extracted
/// text. A PDF yields one search document per page with text (key <c>document:{id}:p{n}</c>), whose title ends with the
/// page number ("Survey (p. 3)") and whose link opens that page; other files yield one. Who finds it is who may read
/// what the file belongs to (<see cref="DocumentAccesses.AudiencesAsync"/>): readers, facilitators only (a hidden
/// message, an unpublished agenda), or no one (a deleted message). Deleted documents and versions held back by the
/// children's-data guard are not searchable at all.</summary>
public sealed class DocumentSearchSource(ForumDbContext db, DocumentAccesses accesses) : ISearchSource
{
    public string Kind => "document";

    public static string Parent(int documentId) => "document:" + documentId.ToString(CultureInfo.InvariantCulture);

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<SearchDocument>>> LoadAsync(IReadOnlyList<string> parents, CancellationToken cancellationToken)
    {
        var result = parents.ToDictionary(p => p, _ => (IReadOnlyList<SearchDocument>)[]);
        var ids = parents.Select(p => int.TryParse(p.Split(':')[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0).Where(id => id > 0).ToList();
        var documents = await db.Set<Document>().AsNoTracking().Where(d => ids.Contains(d.Id) && !d.Deleted).ToListAsync(cancellationToken);
        var audiences = await accesses.AudiencesAsync(documents, cancellationToken);
        foreach (var document in documents)
        {
            var audience = audiences[document.Id];
            var row = await (from v in db.Set<DocumentVersion>()
                             join t in db.Set<DocumentVersionText>() on v.Id equals t.VersionId
                             join u in db.Users on v.UploadedById equals u.Id
                             join o in db.Organisations on u.OrganisationId equals o.Id
                             // The newest version not held back: a held new version leaves readers the last released one.
                             where v.DocumentId == document.Id && v.Number <= document.CurrentVersion && !v.Held
                             orderby v.Number descending
                             select new { v.ContentType, v.CreatedAt, t.Text, o.StakeholderType }).FirstOrDefaultAsync(cancellationToken);
            if (row is null || audience == ContentAudience.Nobody)
            {
                continue;
            }
            var searchAudience = audience == ContentAudience.Readers ? SearchAudiences.Readers : SearchAudiences.Facilitators;
            var id = document.Id.ToString(CultureInfo.InvariantCulture);
            var date = new DateTimeOffset(DateTime.SpecifyKind(row.CreatedAt, DateTimeKind.Utc));
            IReadOnlyList<string> stakeholders = [row.StakeholderType.ToWire()];
            var url = $"/api/v1/documents/{id}/content";
            SearchDocument Of(string key, string title, string text, string link) =>
                new(key, Parent(document.Id), SearchTypes.Document, id, document.GroupId, title, text, link, date,
                    document.Language ?? Languages.Detect(title + " " + (text.Length > 2_000 ? text[..2_000] : text)), stakeholders, searchAudience);
            result[Parent(document.Id)] = row.ContentType == FileType.Pdf.ContentType
                ? row.Text.Split(ExtractedText.PageBreak).Select((page, index) => (Page: page, Number: index + 1)).Where(p => !string.IsNullOrWhiteSpace(p.Page))
                    .Select(p => Of($"{Parent(document.Id)}:p{p.Number}", PageTitle(document.Title, p.Number), p.Page, $"{url}#page={p.Number}")).ToList()
                : [Of(Parent(document.Id), document.Title, row.Text, url)];
        }
        return result;
    }

    /// <summary>"Survey (p. 3)": the page a PDF hit is on, in the title, as snippets carry only the matched text.</summary>
    public static string PageTitle(string title, int page) => string.Create(CultureInfo.InvariantCulture, $"{title} (p. {page})");

    public async IAsyncEnumerable<string> AllParentsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var id in db.Set<Document>().Where(d => !d.Deleted).Select(d => d.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return Parent(id);
        }
    }
}

/// <summary>Files follow what they are attached to: when the owning module queues its search parent (a message hidden or
/// shown again, an agenda published, a draft's state changed), the documents attached to its items are indexed again in
/// the same batch, with the audience the owner now gives.</summary>
public sealed class DocumentSearchFollower(ForumDbContext db, IEnumerable<IGroupContent> content) : ISearchFollower
{
    public async Task<IReadOnlyList<string>> FollowersAsync(IReadOnlyList<string> parents, CancellationToken cancellationToken)
    {
        var others = parents.Where(p => !p.StartsWith("document:", StringComparison.Ordinal)).ToList();
        if (others.Count == 0)
        {
            return [];
        }
        var followers = new List<string>();
        foreach (var owner in content)
        {
            var items = await owner.ItemsOfSearchParentsAsync(others, cancellationToken);
            if (items.Count == 0)
            {
                continue;
            }
            var kind = owner.Kind;
            var documents = await db.Set<Document>().Where(d => d.AttachedToKind == kind && items.Contains(d.AttachedToId!.Value) && !d.Deleted)
                .Select(d => d.Id).ToListAsync(cancellationToken);
            followers.AddRange(documents.Select(DocumentSearchSource.Parent));
        }
        return followers;
    }
}
