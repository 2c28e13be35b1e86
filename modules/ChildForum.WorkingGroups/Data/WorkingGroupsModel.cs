using ChildForum.Core.Data;
using ChildForum.Core.Identity;
using ChildForum.WorkingGroups.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.WorkingGroups.Data;

public sealed class WorkingGroupsModel : IModelContributor
{
    public void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<WorkingGroup>(group =>
        {
            group.ToTable("WorkingGroups");
            group.Property(g => g.Slug).HasMaxLength(WorkingGroup.SlugMaxLength);
            group.HasIndex(g => g.Slug).IsUnique();
            group.Property(g => g.Name).HasMaxLength(WorkingGroup.NameMaxLength);
            group.Property(g => g.Description).HasMaxLength(WorkingGroup.DescriptionMaxLength);
            group.Property(g => g.Visibility).HasConversion<string>().HasMaxLength(20);
        });

        modelBuilder.Entity<Membership>(membership =>
        {
            membership.ToTable("Memberships");
            membership.HasKey(m => new { m.GroupId, m.UserId });
            membership.HasOne(m => m.Group).WithMany(g => g.Members).HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.Cascade);
            membership.HasOne<ForumUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
            membership.Property(m => m.Role).HasConversion<string>().HasMaxLength(20);
            membership.HasIndex(m => m.UserId);
        });
    }
}
