using ChildForum.Core.Data;
using ChildForum.Core.Identity;
using ChildForum.Core.Organisations;
using ChildForum.Meetings.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Meetings.Data;

public sealed class MeetingsModel : IModelContributor
{
    public void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Meeting>(meeting =>
        {
            meeting.ToTable("Meetings");
            meeting.Property(m => m.Title).HasMaxLength(Meeting.TitleMaxLength);
            meeting.Property(m => m.Uid).HasMaxLength(100);
            meeting.Property(m => m.TimeZone).HasMaxLength(100);
            meeting.Property(m => m.Location).HasMaxLength(Meeting.LocationMaxLength);
            meeting.Property(m => m.OnlineUrl).HasMaxLength(Meeting.UrlMaxLength);
            meeting.Property(m => m.Status).HasMaxLength(30);
            meeting.Property(m => m.Attribution).HasMaxLength(20);
            meeting.HasIndex(m => m.Uid).IsUnique();
            meeting.HasIndex(m => new { m.GroupId, m.StartsAt });
            meeting.HasOne<ForumUser>().WithMany().HasForeignKey(m => m.CreatedById).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<AgendaItem>(item =>
        {
            item.ToTable("MeetingAgendaItems");
            item.Property(i => i.Title).HasMaxLength(AgendaItem.TitleMaxLength);
            item.Property(i => i.Presenter).HasMaxLength(AgendaItem.PresenterMaxLength);
            item.Property(i => i.Notes).HasMaxLength(AgendaItem.NotesMaxLength);
            item.HasIndex(i => new { i.MeetingId, i.Position });
            item.HasOne<Meeting>().WithMany().HasForeignKey(i => i.MeetingId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<MinutesDraft>(draft =>
        {
            draft.ToTable("MeetingMinutesDrafts");
            draft.HasKey(d => d.MeetingId);
            draft.Property(d => d.Attribution).HasMaxLength(20);
            draft.HasOne<Meeting>().WithOne().HasForeignKey<MinutesDraft>(d => d.MeetingId).OnDelete(DeleteBehavior.Cascade);
            draft.HasOne<ForumUser>().WithMany().HasForeignKey(d => d.UpdatedById).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<MinutesVersion>(version =>
        {
            version.ToTable("MeetingMinutesVersions");
            version.Property(v => v.Attribution).HasMaxLength(20);
            version.Property(v => v.Language).HasMaxLength(20);
            version.HasIndex(v => new { v.MeetingId, v.Number }).IsUnique();
            version.HasOne<Meeting>().WithMany().HasForeignKey(v => v.MeetingId).OnDelete(DeleteBehavior.Cascade);
            version.HasOne<ForumUser>().WithMany().HasForeignKey(v => v.PublishedById).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<Attendance>(attendance =>
        {
            attendance.ToTable("MeetingAttendance");
            attendance.HasKey(a => new { a.MeetingId, a.UserId });
            attendance.Property(a => a.Status).HasMaxLength(20);
            attendance.HasOne<Meeting>().WithMany().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Cascade);
            attendance.HasOne<ForumUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Decision>(decision =>
        {
            decision.ToTable("MeetingDecisions");
            decision.Property(d => d.Text).HasMaxLength(Decision.TextMaxLength);
            decision.HasIndex(d => d.MeetingId);
            decision.HasOne<Meeting>().WithMany().HasForeignKey(d => d.MeetingId).OnDelete(DeleteBehavior.Cascade);
            decision.HasOne<AgendaItem>().WithMany().HasForeignKey(d => d.AgendaItemId).OnDelete(DeleteBehavior.SetNull);
            decision.HasOne<ForumUser>().WithMany().HasForeignKey(d => d.CreatedById).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<ActionItem>(action =>
        {
            action.ToTable("MeetingActions");
            action.Property(a => a.Title).HasMaxLength(ActionItem.TitleMaxLength);
            action.Property(a => a.Status).HasMaxLength(20);
            action.HasIndex(a => new { a.GroupId, a.Status });
            action.HasOne<Meeting>().WithMany().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Cascade);
            action.HasOne<AgendaItem>().WithMany().HasForeignKey(a => a.AgendaItemId).OnDelete(DeleteBehavior.SetNull);
            action.HasOne<ForumUser>().WithMany().HasForeignKey(a => a.OwnerUserId).OnDelete(DeleteBehavior.Restrict);
            action.HasOne<Organisation>().WithMany().HasForeignKey(a => a.OwnerOrganisationId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<CalendarFeedKey>(key =>
        {
            key.ToTable("CalendarFeedKeys");
            key.Property(k => k.KeyHash).HasMaxLength(64);
            key.HasIndex(k => k.KeyHash).IsUnique();
            key.HasIndex(k => k.UserId).IsUnique();
            key.HasOne<ForumUser>().WithMany().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
