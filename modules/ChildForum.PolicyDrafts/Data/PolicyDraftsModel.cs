using ChildForum.Core.Data;
using ChildForum.Core.Identity;
using ChildForum.Core.Organisations;
using ChildForum.PolicyDrafts.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.PolicyDrafts.Data;

public sealed class PolicyDraftsModel : IModelContributor
{
    public void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PolicyDraft>(draft =>
        {
            draft.ToTable("PolicyDrafts");
            draft.Property(d => d.Title).HasMaxLength(PolicyDraft.TitleMaxLength);
            draft.Property(d => d.Language).HasMaxLength(20);
            draft.Property(d => d.Status).HasMaxLength(20);
            draft.HasIndex(d => new { d.GroupId, d.UpdatedAt });
            draft.HasOne<ForumUser>().WithMany().HasForeignKey(d => d.CreatedById).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<DraftVersion>(version =>
        {
            version.ToTable("PolicyDraftVersions");
            version.HasIndex(v => new { v.DraftId, v.Number }).IsUnique();
            version.Property(v => v.Note).HasMaxLength(DraftVersion.NoteMaxLength);
            version.HasOne<PolicyDraft>().WithMany().HasForeignKey(v => v.DraftId).OnDelete(DeleteBehavior.Cascade);
            version.HasOne<ForumUser>().WithMany().HasForeignKey(v => v.AuthorId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<DraftComment>(comment =>
        {
            comment.ToTable("PolicyDraftComments");
            comment.Property(c => c.Anchor).HasMaxLength(20);
            comment.HasIndex(c => new { c.DraftId, c.Version });
            comment.HasOne<PolicyDraft>().WithMany().HasForeignKey(c => c.DraftId).OnDelete(DeleteBehavior.Cascade);
            comment.HasOne<DraftComment>().WithMany().HasForeignKey(c => c.ReplyToId).OnDelete(DeleteBehavior.Restrict);
            comment.HasOne<ForumUser>().WithMany().HasForeignKey(c => c.AuthorId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<Amendment>(amendment =>
        {
            amendment.ToTable("PolicyDraftAmendments");
            amendment.Property(a => a.Anchor).HasMaxLength(20);
            amendment.Property(a => a.Status).HasMaxLength(20);
            amendment.Property(a => a.Rationale).HasMaxLength(Amendment.RationaleMaxLength);
            amendment.Property(a => a.Reason).HasMaxLength(Amendment.ReasonMaxLength);
            amendment.HasIndex(a => new { a.DraftId, a.Status });
            amendment.HasOne<PolicyDraft>().WithMany().HasForeignKey(a => a.DraftId).OnDelete(DeleteBehavior.Cascade);
            amendment.HasOne<ForumUser>().WithMany().HasForeignKey(a => a.ProposerId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<DraftPosition>(position =>
        {
            position.ToTable("PolicyDraftPositions");
            position.Property(p => p.Stance).HasMaxLength(30);
            position.Property(p => p.Statement).HasMaxLength(DraftPosition.StatementMaxLength);
            position.HasIndex(p => new { p.DraftId, p.OrganisationId, p.CreatedAt });
            position.HasOne<PolicyDraft>().WithMany().HasForeignKey(p => p.DraftId).OnDelete(DeleteBehavior.Cascade);
            position.HasOne<Organisation>().WithMany().HasForeignKey(p => p.OrganisationId).OnDelete(DeleteBehavior.Restrict);
            position.HasOne<ForumUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
