using Microsoft.EntityFrameworkCore;

namespace ChildForum.Core.Data;

/// <summary>A module adds its tables to the shared model by registering one of these.
/// The module owns those tables: no other module reads them directly.</summary>
public interface IModelContributor
{
    void OnModelCreating(ModelBuilder modelBuilder);
}
