using ChildForum.Core.Data;
using ChildForum.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Files.Archives;

/// <summary>The <c>Archives</c> table.</summary>
public sealed class ArchivesModel : IModelContributor
{
    public void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<Archive>(archive =>
        {
            archive.ToTable("Archives");
            archive.Property(a => a.Status).HasMaxLength(20);
            archive.Property(a => a.Sha256).HasMaxLength(64);
            archive.Property(a => a.Error).HasMaxLength(Archive.ErrorMaxLength);
            archive.Property(a => a.ClaimedBy).HasMaxLength(Archive.ClaimMaxLength);
            archive.HasIndex(a => new { a.Status, a.CreatedAt });
            archive.HasIndex(a => a.GroupId);
            archive.HasOne<ForumUser>().WithMany().HasForeignKey(a => a.RequestedById).OnDelete(DeleteBehavior.Restrict);
        });
}
