using ChildForum.Core.Http.PageCaching;

namespace ChildForum.Core.Tests.Http;

/// <summary>Which statements move the page cache on: writes to what pages show, in the forms EF Core and the site's own
/// SQL take; not reads, and not writes to queues, keys and per-person rows that no visitor's page shows.</summary>
public sealed class PageCacheInvalidatorTests
{
    [Theory]
    [InlineData("""INSERT INTO "DiscussionMessages" ("Body", "ThreadId") VALUES (@p0, @p1) RETURNING "Id";""")]
    [InlineData("""UPDATE "WorkingGroups" SET "Visibility" = @p0 WHERE "Id" = @p1;""")]
    [InlineData("""DELETE FROM "Memberships" WHERE "Id" = @p0;""")]
    [InlineData("""UPDATE "DiscussionMessages" AS d SET "Hidden" = TRUE WHERE d."ThreadId" = @__id_0""")]
    [InlineData("""DELETE FROM "PolicyDraftComments" AS p WHERE p."DraftId" = @__id_0""")]
    [InlineData("""INSERT INTO "AuditEntries" ("Action") VALUES (@p0); UPDATE "AspNetUsers" SET "LockoutEnd" = @p1 WHERE "Id" = @p2;""")]
    [InlineData("""insert into "Meetings" ("Title") values (@p0)""")]
    public void A_write_to_what_pages_show_moves_the_cache_on(string sql) =>
        Assert.True(PageCacheInvalidator.ChangesPages(sql));

    [Theory]
    [InlineData("""SELECT d."Id", d."Body" FROM "DiscussionMessages" AS d WHERE d."ThreadId" = @__id_0""")]
    [InlineData("""SELECT "Id" FROM "OutgoingMails" WHERE "Status" = @p0 FOR UPDATE SKIP LOCKED""")]
    [InlineData("""INSERT INTO "AuditEntries" ("Action", "At") VALUES (@p0, @p1);""")]
    [InlineData("""DELETE FROM "SearchOutbox" WHERE "Id" IN (1, 2, 3)""")]
    [InlineData("""UPDATE "OutgoingMails" SET "ClaimedBy" = @p0 WHERE "Id" IN (SELECT "Id" FROM "OutgoingMails" ORDER BY "Id" LIMIT 10 FOR UPDATE SKIP LOCKED) RETURNING "Id" AS "Value" """)]
    [InlineData("""INSERT INTO "Notifications" ("UserId") VALUES (@p0); INSERT INTO "MeetingMinutesDrafts" ("Body") VALUES (@p1);""")]
    [InlineData("""SELECT pg_advisory_xact_lock(42)""")]
    public void Reads_and_unseen_tables_do_not(string sql) =>
        Assert.False(PageCacheInvalidator.ChangesPages(sql));
}
