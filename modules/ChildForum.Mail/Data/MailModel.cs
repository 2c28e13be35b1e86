using ChildForum.Core.Data;
using ChildForum.Core.Identity;
using ChildForum.Mail.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Mail.Data;

public sealed class MailModel : IModelContributor
{
    public void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutgoingMail>(mail =>
        {
            mail.ToTable("OutgoingMails");
            mail.Property(m => m.Kind).HasMaxLength(40);
            mail.Property(m => m.Subject).HasMaxLength(80);
            mail.Property(m => m.Data).HasMaxLength(OutgoingMail.DataMaxLength);
            mail.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
            mail.Property(m => m.ClaimedBy).HasMaxLength(100);
            mail.Property(m => m.LastError).HasMaxLength(OutgoingMail.ErrorMaxLength);
            mail.HasIndex(m => new { m.Status, m.NextAttemptAt });
            mail.HasIndex(m => m.MessageKey).IsUnique();
            mail.HasIndex(m => new { m.UserId, m.Status, m.CreatedAt });
            mail.HasOne<ForumUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<NotificationSettings>(settings =>
        {
            settings.ToTable("NotificationSettings");
            settings.HasKey(s => s.UserId);
            settings.Property(s => s.TimeZone).HasMaxLength(100);
            settings.Property(s => s.Language).HasMaxLength(10);
            settings.HasOne<ForumUser>().WithOne().HasForeignKey<NotificationSettings>(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<GroupNotificationSetting>(setting =>
        {
            setting.ToTable("GroupNotificationSettings");
            setting.HasKey(s => new { s.UserId, s.GroupId });
            setting.Property(s => s.Mode).HasMaxLength(10);
            setting.HasOne<ForumUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<MailOptOut>(optOut =>
        {
            optOut.ToTable("MailOptOuts");
            optOut.HasKey(o => new { o.UserId, o.GroupId, o.Kind });
            optOut.Property(o => o.Kind).HasMaxLength(40);
            optOut.HasOne<ForumUser>().WithMany().HasForeignKey(o => o.UserId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
