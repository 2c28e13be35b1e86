using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ChildForum.Core.Data;

/// <summary>A service's own transaction, unless its caller already runs one (a recipe applies all its steps in one):
/// then the service's changes join the caller's and commit with it.</summary>
public static class OwnTransaction
{
    public static async Task<IDbContextTransaction?> BeginOwnTransactionAsync(this DbContext db, CancellationToken cancellationToken) =>
        db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;

    public static Task CommitOwnAsync(this IDbContextTransaction? transaction, CancellationToken cancellationToken) =>
        transaction?.CommitAsync(cancellationToken) ?? Task.CompletedTask;
}
