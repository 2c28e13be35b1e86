using ChildForum.Core.Audit;
using ChildForum.Core.Identity;
using ChildForum.Core.Notifications;
using ChildForum.Core.Organisations;
using ChildForum.Core.Recipes;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Core.Data;

/// <summary>The one database of the site. The core owns identity, organisations, the audit log, recipe history and
/// the data-protection key ring; modules add their tables through <see cref="IModelContributor"/>.
/// Migrations for SQLite and PostgreSQL live in their own projects.</summary>
public sealed class ForumDbContext(DbContextOptions<ForumDbContext> options)
    : IdentityDbContext<ForumUser>(options), IDataProtectionKeyContext
{
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AppliedRecipe> AppliedRecipes => Set<AppliedRecipe>();
    public DbSet<Notification> Notifications => Set<Notification>();

    /// <summary>The keys that protect sign-in cookies, bearer tokens and invitation links: kept with the data, so that
    /// every web node of a site shares them and a new container does not sign everyone out.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Times are stored in UTC; SQLite hands them back unspecified, so say what they are.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<DataProtectionKey>();

        builder.Entity<ForumUser>(user =>
        {
            user.Property(u => u.DisplayName).HasMaxLength(ForumUser.DisplayNameMaxLength);
            user.HasOne(u => u.Organisation).WithMany().HasForeignKey(u => u.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Organisation>(organisation =>
        {
            organisation.ToTable("Organisations");
            organisation.Property(o => o.Name).HasMaxLength(Organisation.NameMaxLength);
            organisation.HasIndex(o => o.Name).IsUnique();
            organisation.Property(o => o.StakeholderType).HasConversion<string>().HasMaxLength(20);
        });

        builder.Entity<AuditEntry>(entry =>
        {
            entry.ToTable("AuditEntries");
            entry.Property(e => e.ActorName).HasMaxLength(256);
            entry.Property(e => e.Action).HasMaxLength(64);
            entry.Property(e => e.TargetType).HasMaxLength(64);
            entry.Property(e => e.TargetId).HasMaxLength(64);
            entry.Property(e => e.Summary).HasMaxLength(AuditLog.SummaryMaxLength);
            entry.Property(e => e.Template).HasMaxLength(AuditLog.SummaryMaxLength);
            entry.HasIndex(e => e.At);
            entry.HasIndex(e => new { e.GroupId, e.At });
        });

        builder.Entity<AppliedRecipe>(recipe =>
        {
            recipe.ToTable("AppliedRecipes");
            recipe.HasKey(r => r.Name);
            recipe.Property(r => r.Name).HasMaxLength(100);
        });

        builder.Entity<Notification>(notification =>
        {
            notification.ToTable("Notifications");
            notification.Property(n => n.Kind).HasMaxLength(40);
            notification.Property(n => n.Text).HasMaxLength(Notification.TextMaxLength);
            notification.Property(n => n.Template).HasMaxLength(Notification.TextMaxLength);
            notification.Property(n => n.Url).HasMaxLength(500);
            notification.HasIndex(n => new { n.UserId, n.ReadAt });
            notification.HasOne<ForumUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        // The modules' parts of the model. Contexts are pooled (DataSetup), so a context takes nothing from a request's
        // scope; the model is built once, from the site's own services.
        var site = this.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider
            ?? throw new InvalidOperationException("ForumDbContext is made by the site's services (AddDbContextPool in DataSetup), which give it the modules' model contributors.");
        foreach (var contributor in site.GetServices<IModelContributor>())
        {
            contributor.OnModelCreating(builder);
        }
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
