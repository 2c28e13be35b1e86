using System.Globalization;
using System.Text;
using ChildForum.Core.Data;
using ChildForum.Core.Records;
using ChildForum.Files.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Files.Archives;

/// <summary>The group's files in its archive: the current version of each document that is not deleted, under
/// <c>files/{id}-{file name}</c>, with <c>files/index.md</c> listing them. A file attached to a message, an agenda item or
/// a draft goes in only when its source wrote that thing (a hidden message's or an unpublished agenda's files stay out).
/// Runs last for that reason.</summary>
public sealed class DocumentArchiveSource(ForumDbContext db) : IArchiveSource
{
    public string Section => "files";

    public int Order => 100;

    public async Task WriteAsync(ArchiveContext context, CancellationToken cancellationToken)
    {
        var documents = await (from d in db.Set<Document>().AsNoTracking()
                               join v in db.Set<DocumentVersion>() on new { DocumentId = d.Id, Number = d.CurrentVersion } equals new { v.DocumentId, v.Number }
                               where d.GroupId == context.GroupId && !d.Deleted && !v.Held
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
