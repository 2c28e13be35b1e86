using System.Net;
using System.Net.Http.Json;
using ChildForum.Discussions.Tests.Infrastructure;
using ChildForum.Testing;
using Microsoft.AspNetCore.SignalR;

namespace ChildForum.Discussions.Tests.Endpoints;

/// <summary>The send limit as shipped (20 messages in 10 seconds per person), over the API and the hub together.
/// Each test sends as a person of its own, so that one test's messages do not count against the next.</summary>
public abstract class LimitTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private const int Limit = 20;

    private async Task<(TestUser Person, GroupJson Group, ThreadJson Thread)> ArrangeAsync()
    {
        var person = await App.CreateUserAsync();
        var group = await App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"), (person.Email, "member"), (DemoUsers.Cso, "member"));
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var thread = await facilitator.StartThreadAsync(group.Id);
        return (person, group, thread);
    }

    [SkippableFact]
    public async Task The_21st_message_within_10_seconds_is_429_and_the_first_20_are_stored()
    {
        var (person, _, thread) = await ArrangeAsync();
        using var client = await App.ClientForAsync(person);

        for (var i = 0; i < Limit; i++)
        {
            await client.PostMessageAsync(thread.Id, $"Message {i}");
        }
        using var response = await client.SendMessageAsync(thread.Id, "One too many.");

        var problem = await response.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("at most 20 in 10 seconds", problem.Detail, StringComparison.Ordinal);
        // Retry-After (RFC 9110) in whole seconds, within the window.
        var retryAfter = Assert.Single(response.Headers.GetValues("Retry-After"));
        Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 10);
        Assert.Equal(Limit + 1, (await client.MessagesAsync(thread.Id)).Count);
    }

    [SkippableFact]
    public async Task The_limit_is_shared_by_the_api_and_the_hub_and_the_hub_refuses_with_the_same_words()
    {
        var (person, _, thread) = await ArrangeAsync();
        using var client = await App.ClientForAsync(person);
        await using var live = await LiveClient.ConnectAsync(App, person.Email, person.Password);

        for (var i = 0; i < Limit / 2; i++)
        {
            await client.PostMessageAsync(thread.Id, $"Over HTTP {i}");
            await live.SendAsync(thread.Id, $"Over the hub {i}");
        }
        var refused = await Assert.ThrowsAsync<HubException>(() => live.SendAsync(thread.Id, "One too many, live."));
        using var response = await client.SendMessageAsync(thread.Id, "One too many, over HTTP.");

        var problem = await response.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.EndsWith(problem.Detail!, refused.Message, StringComparison.Ordinal);
        Assert.Equal(Limit + 1, (await client.MessagesAsync(thread.Id)).Count);
    }

    [SkippableFact]
    public async Task Starting_a_thread_counts_towards_the_limit()
    {
        var (person, group, thread) = await ArrangeAsync();
        using var client = await App.ClientForAsync(person);
        for (var i = 0; i < Limit; i++)
        {
            await client.PostMessageAsync(thread.Id, $"Message {i}");
        }

        using var response = await client.PostAsJsonAsync($"/api/v1/groups/{group.Id}/threads", new { title = "Yet another", body = "Body." });

        await response.ReadProblemAsync(HttpStatusCode.TooManyRequests);
    }

    [SkippableFact]
    public async Task While_limited_a_retry_of_a_stored_message_still_answers_200_and_other_people_still_post()
    {
        var (person, _, thread) = await ArrangeAsync();
        using var client = await App.ClientForAsync(person);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var firstId = DiscussionApi.NewClientMessageId();
        var first = await client.PostMessageAsync(thread.Id, "First.", firstId);
        for (var i = 1; i < Limit; i++)
        {
            await client.PostMessageAsync(thread.Id, $"Message {i}");
        }
        await (await client.SendMessageAsync(thread.Id, "Limited.")).ReadProblemAsync(HttpStatusCode.TooManyRequests);

        using var retry = await client.SendMessageAsync(thread.Id, "First.", firstId);
        using var someoneElse = await cso.SendMessageAsync(thread.Id, "I am not limited.");

        Assert.Equal(first.Id, (await retry.ReadJsonAsync<MessageJson>(HttpStatusCode.OK)).Id);
        await someoneElse.AssertStatusAsync(HttpStatusCode.Created);
    }

    [SkippableFact]
    public async Task Over_the_limit_a_message_is_refused_before_it_is_rendered_or_scanned()
    {
        // Issue 10, finding 6: the message was rendered (and scanned) before the limit was asked. A body the scanner
        // refuses (400, code id-number) shows which came first: within the limit the scanner answers, over it the limit.
        var (person, _, thread) = await ArrangeAsync();
        using var client = await App.ClientForAsync(person);
        var idNumber = IdNumbers.WithCheck("11010519491231002");

        for (var i = 0; i < Limit; i++)
        {
            using var scanned = await client.SendMessageAsync(thread.Id, $"Case {i}: ID {idNumber}");
            await scanned.ReadProblemAsync(HttpStatusCode.BadRequest);
        }
        using var limited = await client.SendMessageAsync(thread.Id, $"Case {Limit}: ID {idNumber}");

        await limited.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Single(limited.Headers.GetValues("Retry-After"));
        Assert.Single(await client.MessagesAsync(thread.Id));
    }

    [SkippableFact]
    public async Task The_markdown_preview_is_behind_the_same_per_person_limit_as_messages()
    {
        var (person, _, thread) = await ArrangeAsync();
        using var client = await App.ClientForAsync(person);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        for (var i = 0; i < Limit - 1; i++)
        {
            using var preview = await client.PostAsJsonAsync("/api/v1/markdown/preview", new { markdown = $"**Draft {i}**" });
            await preview.AssertStatusAsync(HttpStatusCode.OK);
        }
        await client.PostMessageAsync(thread.Id, "The last one the window allows.");
        using var limitedPreview = await client.PostAsJsonAsync("/api/v1/markdown/preview", new { markdown = new string('*', 500_000) });
        using var limitedMessage = await client.SendMessageAsync(thread.Id, "Limited by the previews.");
        using var someoneElse = await cso.PostAsJsonAsync("/api/v1/markdown/preview", new { markdown = "Not limited." });

        var problem = await limitedPreview.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("previews too quickly", problem.Detail, StringComparison.Ordinal);
        var retryAfter = Assert.Single(limitedPreview.Headers.GetValues("Retry-After"));
        Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 10);
        await limitedMessage.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        await someoneElse.AssertStatusAsync(HttpStatusCode.OK);
    }
}

[Collection(SqliteShippedLimitsFixture.Collection)]
public sealed class LimitTestsOnSqlite(SqliteShippedLimitsFixture fixture) : LimitTests(fixture);

[Collection(PostgresShippedLimitsFixture.Collection)]
public sealed class LimitTestsOnPostgres(PostgresShippedLimitsFixture fixture) : LimitTests(fixture);
