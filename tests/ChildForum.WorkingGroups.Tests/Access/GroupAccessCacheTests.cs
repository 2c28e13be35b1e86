using System.Net;
using ChildForum.Core.Cluster;
using ChildForum.Core.Data;
using ChildForum.Core.Security;
using ChildForum.Testing;
using ChildForum.WorkingGroups.Models;
using ChildForum.WorkingGroups.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChildForum.WorkingGroups.Tests.Access;

/// <summary>The kept answers of <see cref="GroupAccessCache"/>: kept until a change to groups, memberships or people is
/// committed, and never kept when read while such a change was committed.</summary>
public sealed class GroupAccessCacheTests
{
    private static readonly AccessRow Member = new(1, "g", "G", GroupVisibility.Members, GroupRole.Member);
    private static readonly AccessRow Removed = new(1, "g", "G", GroupVisibility.Members, null);

    private static GroupAccessCache NewCache() =>
        new(new LocalClusterBus(new LocalClusterEvents(new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>(), NullLogger<LocalClusterEvents>.Instance)));

    [Fact]
    public async Task An_answer_is_read_once_and_kept()
    {
        var cache = NewCache();
        var reads = 0;

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(Member, await cache.ByIdAsync(1, "u", () => { reads++; return Task.FromResult<AccessRow?>(Member); }));
        }

        Assert.Equal(1, reads);
    }

    [Fact]
    public async Task A_committed_change_makes_the_next_question_read_again()
    {
        var cache = NewCache();
        await cache.ByIdAsync(1, "u", () => Task.FromResult<AccessRow?>(Member));
        await cache.BySlugAsync("g", "u", () => Task.FromResult<AccessRow?>(Member));

        await cache.CommittedAsync(CancellationToken.None);

        Assert.Null((await cache.ByIdAsync(1, "u", () => Task.FromResult<AccessRow?>(Removed)))!.Role);
        Assert.Null((await cache.BySlugAsync("g", "u", () => Task.FromResult<AccessRow?>(Removed)))!.Role);
    }

    [Fact]
    public async Task An_answer_read_while_a_change_was_committed_is_not_kept()
    {
        var cache = NewCache();
        // The read saw the membership; the removal was committed before the read returned.
        var answer = await cache.ByIdAsync(1, "u", async () =>
        {
            await cache.CommittedAsync(CancellationToken.None);
            return Member;
        });
        Assert.Equal(Member, answer);

        var reads = 0;
        var next = await cache.ByIdAsync(1, "u", () => { reads++; return Task.FromResult<AccessRow?>(Removed); });

        Assert.Equal(1, reads);
        Assert.Null(next!.Role);
    }

    [Fact]
    public async Task Each_person_and_group_has_its_own_answer()
    {
        var cache = NewCache();
        await cache.ByIdAsync(1, "u", () => Task.FromResult<AccessRow?>(Member));

        Assert.Null((await cache.ByIdAsync(1, "someone-else", () => Task.FromResult<AccessRow?>(Removed)))!.Role);
        Assert.Null(await cache.ByIdAsync(1, null, () => Task.FromResult<AccessRow?>(null)));
        Assert.Null(await cache.ByIdAsync(2, "u", () => Task.FromResult<AccessRow?>(null)));
        Assert.Equal(Member, await cache.ByIdAsync(1, "u", () => throw new InvalidOperationException("Kept: not read again.")));
    }

    [Fact]
    public async Task Unknown_groups_cannot_grow_it_past_its_capacity()
    {
        var cache = NewCache();
        for (var i = 0; i < GroupAccessCache.Capacity + 10; i++)
        {
            await cache.BySlugAsync("unknown-" + i, "u", () => Task.FromResult<AccessRow?>(null));
        }

        Assert.True(cache.Count <= GroupAccessCache.Capacity, $"{cache.Count} answers kept");
    }

    [Theory]
    [InlineData("""DELETE FROM "Memberships" WHERE "Id" = @p0;""", true)]
    [InlineData("""UPDATE "Memberships" SET "Role" = @p0 WHERE "Id" = @p1;""", true)]
    [InlineData("""INSERT INTO "Memberships" ("GroupId", "UserId", "Role") VALUES (@p0, @p1, @p2);""", true)]
    [InlineData("""UPDATE "WorkingGroups" SET "Visibility" = @p0 WHERE "Id" = @p1;""", true)]
    [InlineData("""delete from "AspNetUsers" WHERE "Id" = @p0;""", true)]
    [InlineData("""UPDATE "AspNetUsers" SET "AccessFailedCount" = @p0, "ConcurrencyStamp" = @p1 WHERE "Id" = @p2;""", false)]
    [InlineData("""INSERT INTO "AspNetUsers" ("Id", "Email") VALUES (@p0, @p1);""", false)]
    [InlineData("""INSERT INTO "DiscussionMessages" ("Body") VALUES (@p0);""", false)]
    [InlineData("""SELECT m."Role" FROM "Memberships" AS m WHERE m."UserId" = @p0""", false)]
    public void Writes_to_groups_and_memberships_count_and_of_people_only_a_deletion(string sql, bool counts) =>
        Assert.Equal(counts, CommittedWrites.Writes(sql).Any(NewCache().Watches));
}

/// <summary>Access taken away by any kind of write, including a bulk statement that no service announces, is gone for
/// the next request, however often it was read before.</summary>
public abstract class GroupAccessKeptTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task A_membership_deleted_in_bulk_ends_access_at_once()
    {
        var group = await App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Official, "member"));
        using var member = await App.ClientForAsync(DemoUsers.Official);
        for (var i = 0; i < 3; i++)
        {
            (await member.GetAsync($"/api/v1/groups/{group.Id}")).EnsureSuccessStatusCode();
        }
        var userId = await App.UserIdAsync(DemoUsers.Official);

        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
            Assert.Equal(1, await db.Set<Membership>().Where(m => m.GroupId == group.Id && m.UserId == userId).ExecuteDeleteAsync());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/api/v1/groups/{group.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/groups/{group.Slug}")).StatusCode);
    }

    [SkippableFact]
    public async Task A_change_to_a_person_keeps_the_answers_and_a_person_deleted_empties_them()
    {
        var person = await App.CreateUserAsync();
        using var reader = await App.ClientForAsync(DemoUsers.Business);
        (await reader.GetAsync($"/api/v1/groups/{DemoGroups.LeftBehindChildren}")).EnsureSuccessStatusCode();
        var cache = App.Services.GetRequiredService<GroupAccessCache>();
        var before = cache.Generation;

        Assert.Equal(1, await App.QueryDatabaseAsync(db => db.Users.Where(u => u.Id == person.Id).ExecuteUpdateAsync(set => set.SetProperty(u => u.DisplayName, "Renamed"))));
        Assert.Equal(before, cache.Generation);

        Assert.Equal(1, await App.QueryDatabaseAsync(db => db.Users.Where(u => u.Id == person.Id).ExecuteDeleteAsync()));
        Assert.True(cache.Generation > before, "Deleting a person removes their memberships by cascade: the kept answers should be forgotten.");
    }

    [SkippableFact]
    public async Task A_slug_longer_than_any_group_has_is_not_found_and_not_kept()
    {
        using var reader = await App.ClientForAsync(DemoUsers.Business);
        var cache = App.Services.GetRequiredService<GroupAccessCache>();
        var kept = cache.Count;

        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/groups/" + new string('a', 2000))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/api/v1/groups/" + new string('b', 65))).StatusCode);

        Assert.Equal(kept, cache.Count);
    }

    [SkippableFact]
    public async Task A_group_made_members_only_in_a_transaction_is_gone_for_others_once_committed()
    {
        var group = await App.CreateGroupAsync("public", (DemoUsers.Facilitator, "facilitator"));
        using var reader = await App.ClientForAsync(DemoUsers.Business);
        (await reader.GetAsync($"/api/v1/groups/{group.Id}")).EnsureSuccessStatusCode();

        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ForumDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.Set<WorkingGroup>().Where(g => g.Id == group.Id).ExecuteUpdateAsync(set => set.SetProperty(g => g.Visibility, GroupVisibility.Members));
            await transaction.CommitAsync();
        }

        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/api/v1/groups/{group.Id}")).StatusCode);
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class GroupAccessKeptTestsOnSqlite(SqliteAppFixture fixture) : GroupAccessKeptTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class GroupAccessKeptTestsOnPostgres(PostgresAppFixture fixture) : GroupAccessKeptTests(fixture);
