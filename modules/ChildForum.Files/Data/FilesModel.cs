using ChildForum.Core.Data;
using ChildForum.Core.Identity;
using ChildForum.Files.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Files.Data;

public sealed class FilesModel : IModelContributor
{
    public void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Document>(document =>
        {
            document.ToTable("Documents");
            document.Property(d => d.Title).HasMaxLength(Document.TitleMaxLength);
            document.Property(d => d.Description).HasMaxLength(Document.DescriptionMaxLength);
            document.Property(d => d.Language).HasMaxLength(20);
            document.Property(d => d.AttachedToKind).HasMaxLength(20);
            document.HasIndex(d => new { d.GroupId, d.Deleted });
            document.HasIndex(d => new { d.AttachedToKind, d.AttachedToId });
            document.HasOne<ForumUser>().WithMany().HasForeignKey(d => d.UploadedById).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<DocumentVersion>(version =>
        {
            version.ToTable("DocumentVersions");
            version.Property(v => v.FileName).HasMaxLength(DocumentVersion.FileNameMaxLength);
            version.Property(v => v.ContentType).HasMaxLength(100);
            version.Property(v => v.Sha256).HasMaxLength(64);
            version.HasIndex(v => new { v.DocumentId, v.Number }).IsUnique();
            version.HasIndex(v => v.Sha256);
            version.HasOne<Document>().WithMany().HasForeignKey(v => v.DocumentId).OnDelete(DeleteBehavior.Cascade);
            version.HasOne<ForumUser>().WithMany().HasForeignKey(v => v.UploadedById).OnDelete(DeleteBehavior.Restrict);
            version.HasOne<ForumUser>().WithMany().HasForeignKey(v => v.ReleasedById).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<DocumentTag>(tag =>
        {
            tag.ToTable("DocumentTags");
            tag.HasKey(t => new { t.DocumentId, t.Tag });
            tag.Property(t => t.Tag).HasMaxLength(DocumentTag.MaxLength);
            tag.HasIndex(t => t.Tag);
            tag.HasOne<Document>().WithMany().HasForeignKey(t => t.DocumentId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<DocumentVersionText>(text =>
        {
            text.ToTable("DocumentVersionTexts");
            text.HasKey(t => t.VersionId);
            text.HasOne<DocumentVersion>().WithOne().HasForeignKey<DocumentVersionText>(t => t.VersionId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
