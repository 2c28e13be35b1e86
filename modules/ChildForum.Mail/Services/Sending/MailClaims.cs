using ChildForum.Core.Data;
using ChildForum.Mail.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Mail.Services.Sending;

/// <summary>Takes due rows of the outbox for one node, so that several web nodes never send the same row: one statement
/// marks them with a claim of this batch and returns them. On PostgreSQL the rows another node is claiming at the same
/// moment are skipped (<c>FOR UPDATE SKIP LOCKED</c>); SQLite writes one statement at a time, so the statement alone
/// suffices. A claim ends with its row's result, or lapses after <see cref="SendingOptions.ClaimDuration"/> when its
/// node crashed, and the row is taken again.</summary>
public static class MailClaims
{
    /// <summary>Claims up to <paramref name="batchSize"/> due rows, oldest first; returns their ids.</summary>
    public static async Task<List<long>> ClaimAsync(ForumDbContext db, string claim, DateTime now, DateTime until, int batchSize, CancellationToken cancellationToken)
    {
        var queued = nameof(OutgoingMailStatus.Queued);
        var postgres = db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;
        var ids = postgres
            ? await db.Database.SqlQuery<long>($"""
                UPDATE "OutgoingMails" SET "ClaimedBy" = {claim}, "ClaimedUntil" = {until}
                WHERE "Id" IN (
                    SELECT "Id" FROM "OutgoingMails"
                    WHERE "Status" = {queued} AND "NextAttemptAt" <= {now} AND ("ClaimedUntil" IS NULL OR "ClaimedUntil" < {now})
                    ORDER BY "Id" LIMIT {batchSize}
                    FOR UPDATE SKIP LOCKED)
                RETURNING "Id" AS "Value"
                """).ToListAsync(cancellationToken)
            : await db.Database.SqlQuery<long>($"""
                UPDATE "OutgoingMails" SET "ClaimedBy" = {claim}, "ClaimedUntil" = {until}
                WHERE "Id" IN (
                    SELECT "Id" FROM "OutgoingMails"
                    WHERE "Status" = {queued} AND "NextAttemptAt" <= {now} AND ("ClaimedUntil" IS NULL OR "ClaimedUntil" < {now})
                    ORDER BY "Id" LIMIT {batchSize})
                RETURNING "Id" AS "Value"
                """).ToListAsync(cancellationToken);
        ids.Sort();
        return ids;
    }
}
