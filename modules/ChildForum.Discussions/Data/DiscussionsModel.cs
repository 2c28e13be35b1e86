using ChildForum.Core.Data;
using ChildForum.Core.Identity;
using ChildForum.Discussions.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Discussions.Data;

public sealed class DiscussionsModel : IModelContributor
{
    public void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DiscussionThread>(thread =>
        {
            thread.ToTable("DiscussionThreads");
            thread.Property(t => t.Title).HasMaxLength(200);
            thread.Property(t => t.LastSeq).IsConcurrencyToken();
            thread.HasIndex(t => new { t.GroupId, t.LastActivityAt });
            thread.HasOne<ForumUser>().WithMany().HasForeignKey(t => t.CreatedById).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<Message>(message =>
        {
            message.ToTable("DiscussionMessages");
            message.HasIndex(m => new { m.ThreadId, m.Seq }).IsUnique();
            message.HasIndex(m => new { m.AuthorId, m.ClientMessageId }).IsUnique();
            message.Property(m => m.ClientMessageId).HasMaxLength(100);
            message.HasOne<DiscussionThread>().WithMany().HasForeignKey(m => m.ThreadId).OnDelete(DeleteBehavior.Cascade);
            message.HasOne<ForumUser>().WithMany().HasForeignKey(m => m.AuthorId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<MessageRevision>(revision =>
        {
            revision.ToTable("DiscussionMessageRevisions");
            revision.HasIndex(r => r.MessageId);
            revision.HasOne<Message>().WithMany().HasForeignKey(r => r.MessageId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<MessageReaction>(reaction =>
        {
            reaction.ToTable("DiscussionReactions");
            reaction.HasKey(r => new { r.MessageId, r.UserId, r.Kind });
            reaction.Property(r => r.Kind).HasMaxLength(20);
            reaction.HasOne<Message>().WithMany().HasForeignKey(r => r.MessageId).OnDelete(DeleteBehavior.Cascade);
            reaction.HasOne<ForumUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<MessageFlag>(flag =>
        {
            flag.ToTable("DiscussionFlags");
            flag.Property(f => f.Kind).HasConversion<string>().HasMaxLength(20);
            flag.Property(f => f.Reason).HasMaxLength(MessageFlag.ReasonMaxLength);
            flag.HasIndex(f => new { f.MessageId, f.ResolvedAt });
            flag.HasOne(f => f.Message).WithMany().HasForeignKey(f => f.MessageId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
