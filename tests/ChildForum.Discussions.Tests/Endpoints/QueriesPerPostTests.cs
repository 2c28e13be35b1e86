using System.Net;
using System.Net.Http.Json;
using ChildForum.Discussions.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Discussions.Tests.Endpoints;

/// <summary>The database round trips of one ordinary post (no mention, no reply, no personal data): the cost of every
/// live message, so that a query added to the message path shows here rather than only as a slower benchmark.</summary>
public abstract class QueriesPerPostTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    /// <summary>The thread, the retry check, the seq (one UPDATE … RETURNING), and the message and its search-outbox row
    /// (one batch on PostgreSQL, two inserts on SQLite). The person's access to the group (GroupAccessCache) and who they
    /// are, for the DTO (KeptPeople), are kept from the warm-up post. It was 9 before the seq took one statement and a
    /// new message's DTO stopped asking for reactions, 7 before access and people were kept.</summary>
    private const int Budget = 5;

    [SkippableFact]
    public async Task An_ordinary_post_costs_a_fixed_small_number_of_queries()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        await cso.PostMessageAsync(scene.Thread.Id, "Warm: the first post of a person loads things once.");
        using var counter = new RequestQueryCounter(App.Services);

        var counts = new List<int>();
        var statements = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var seen = new List<string>();
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/threads/{scene.Thread.Id}/messages")
            {
                Content = JsonContent.Create(new { body = $"Post {i}: the township needs a *social worker*.", clientMessageId = DiscussionApi.NewClientMessageId() }),
            };
            counts.Add(await counter.QueriesOfAsync(cso, request, HttpStatusCode.Created, sql =>
            {
                lock (seen)
                {
                    seen.Add(sql);
                }
                return true;
            }));
            statements = seen;
        }

        Assert.True(counts.Min() <= Budget, $"{counts.Min()} commands per post (budget {Budget}):\n" + string.Join("\n---\n", statements));
    }
}

[Collection(SqliteFixture.Collection)]
public sealed class QueriesPerPostTestsOnSqlite(SqliteFixture fixture) : QueriesPerPostTests(fixture);

[Collection(PostgresFixture.Collection)]
public sealed class QueriesPerPostTestsOnPostgres(PostgresFixture fixture) : QueriesPerPostTests(fixture);
