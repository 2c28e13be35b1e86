using ChildForum.Core.Data;
using ChildForum.Core.Search;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Search.Indexing;

public sealed class SearchModel : IModelContributor
{
    public void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<SearchOutboxEntry>(entry =>
        {
            entry.ToTable("SearchOutbox");
            entry.Property(e => e.Parent).HasMaxLength(100);
            entry.Property(e => e.LastError).HasMaxLength(1000);
            entry.HasIndex(e => new { e.NextAttemptAt, e.Id });
        });
}
