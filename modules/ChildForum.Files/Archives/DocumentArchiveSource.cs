using System.Globalization;
using System.Text;
using ChildForum.Core.Data;
using ChildForum.Core.Records;
using ChildForum.Files.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Files.Archives;

/// <summary>The group's files in its archive: the newest released version of each document that is not deleted, under
/// <c>files/{id}-{file name}</c>, with <c>files/index.md</c> listing them. A file attached to a message, an agenda item or
/// a draft goes in only when its source wrote that thing (a hidden message's or an unpublished agenda's files stay out).
/// Runs last for that reason.</summary>
public sealed class DocumentArchiveSource(ForumDbContext db) : IArchiveSource
{
    public string Section => "files";

    public int Order => 100;

    public async Task WriteAsync(ArchiveContext context, CancellationToken cancellationToken)
    {
        // The newest version that is not held back: a held new version leaves the one before it, as readers see it.
        var released = from v in db.Set<DocumentVersion>()
                       where !v.Held
                       group v by v.DocumentId into versions
                       select new { DocumentId = versions.Key, Number = versions.Max(v => v.Number) };
        var documents = await (from d in db.Set<Document>().AsNoTracking()
                               join r in released on d.Id equals r.DocumentId
                               join v in db.Set<DocumentVersion>() on new { r.DocumentId, r.Number } equals new { v.DocumentId, v.Number }
                               where d.GroupId == context.GroupId && !d.Deleted
                               orderby d.Id
                               select new { Document = d, Version = v }).ToListAsync(cancellationToken);
        var included = documents.Where(x => x.Document.AttachedToKind is null || context.WasWritten(x.Document.AttachedToKind, x.Document.AttachedToId!.Value)).ToList();
        var index = new StringBuilder("# Files\n\n");
        foreach (var x in included)
        {
            var path = $"{Section}/{ArchivePaths.Segment(x.Document.Id, x.Version.FileName)}";
            await context.AddFileAsync(path, x.Version.Sha256, cancellationToken);
            var attached = x.Document.AttachedToKind is { } kind ? string.Create(CultureInfo.InvariantCulture, $", attached to {kind} {x.Document.AttachedToId}") : "";
            index.Append(CultureInfo.InvariantCulture, $"- [{ArchiveMarkdown.Escape(x.Document.Title)}]({Path.GetFileName(path)}): version {x.Version.Number}, {x.Version.ContentType}, {x.Version.Size} bytes{attached}\n");
        }
        await context.AddMarkdownAsync($"{Section}/index.md", index.ToString(), cancellationToken);
        context.Count(Section, included.Count);
    }
}
