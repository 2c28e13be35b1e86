using System.Net;
using System.Security.Claims;
using ChildForum.Core.Security;
using ChildForum.Discussions.Models;
using ChildForum.Discussions.Services;
using ChildForum.Discussions.Tests.Infrastructure;
using ChildForum.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Discussions.Tests.Endpoints;

/// <summary>Group commit (<see cref="MessageWriteQueue"/>): posts that arrive while a write is under way are written
/// together, and one that breaks the batch does not take the others down. The queue is held by a write of the test's
/// own until the posts are waiting, so the batch is certain to form.</summary>
public abstract class MessageBatchTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task Posts_to_two_threads_written_in_one_batch_get_gapless_seqs_and_a_retry_racing_its_first_attempt_gets_the_stored_message()
    {
        var first = await App.NewSceneAsync();
        var second = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var official = await App.ClientForAsync(DemoUsers.Official);
        var retried = DiscussionApi.NewClientMessageId();
        var queue = App.Services.GetRequiredService<MessageWriteQueue>();

        var held = await HoldAsync(queue);
        var posts = new[]
        {
            Send(cso, first.Thread.Id, "Flaky network.", retried),
            Send(official, first.Thread.Id, "An answer.", null),
            Send(cso, first.Thread.Id, "Flaky network.", retried),
            Send(official, second.Thread.Id, "In the other thread.", null),
        };
        await Eventually.HoldsAsync(() => queue.Waiting == posts.Length, "the four posts to wait behind the held write");
        held.SetResult();
        var answers = await Task.WhenAll(posts);

        var retries = answers.Where(a => a.Message.ClientMessageId == retried).ToList();
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Created], retries.Select(a => a.Status).Order());
        Assert.Single(retries.Select(a => a.Message.Id).Distinct());
        Assert.All(answers.Where(a => a.Message.ClientMessageId != retried), a => Assert.Equal(HttpStatusCode.Created, a.Status));
        Assert.Equal([1, 2, 3], (await cso.MessagesAsync(first.Thread.Id)).Select(m => m.Seq));
        Assert.Equal([1, 2], (await cso.MessagesAsync(second.Thread.Id)).Select(m => m.Seq));
        Assert.Equal(["An answer.", "Flaky network."], (await cso.MessagesAsync(first.Thread.Id)).Skip(1).Select(m => m.Body).Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task A_post_whose_thread_is_deleted_while_it_waits_is_404_and_the_other_post_of_its_batch_is_stored()
    {
        var doomed = await App.NewSceneAsync();
        var kept = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var queue = App.Services.GetRequiredService<MessageWriteQueue>();

        var held = await HoldAsync(queue);
        var toDoomed = SendForProblem(cso, doomed.Thread.Id, "Into a thread about to go.", HttpStatusCode.NotFound);
        var toKept = Send(cso, kept.Thread.Id, "Into a thread that stays.", null);
        await Eventually.HoldsAsync(() => queue.Waiting == 2, "the two posts to wait behind the held write");
        await App.QueryDatabaseAsync(db => db.Set<DiscussionThread>().Where(t => t.Id == doomed.Thread.Id).ExecuteDeleteAsync());
        held.SetResult();

        Assert.Equal(404, (await toDoomed).Status);
        var stored = await toKept;
        Assert.Equal((HttpStatusCode.Created, 2), (stored.Status, stored.Message.Seq));
        Assert.Equal([1, 2], (await cso.MessagesAsync(kept.Thread.Id)).Select(m => m.Seq));
    }

    [SkippableFact]
    public async Task Posts_that_wait_for_a_write_are_written_together_and_a_failed_batch_fails_only_its_own_posts()
    {
        var queue = App.Services.GetRequiredService<MessageWriteQueue>();
        var batches = new List<int>();
        var held = await HoldAsync(queue);
        var waiting = Enumerable.Range(0, 5).Select(_ => Queued()).ToList();
        var writes = waiting.Select((post, i) => queue.WriteAsync(post, batch =>
        {
            lock (batches)
            {
                batches.Add(batch.Count);
            }
            throw new InvalidOperationException("The database went away.");
        })).ToList();
        await Eventually.HoldsAsync(() => queue.Waiting == waiting.Count, "the five posts to wait behind the held write");

        held.SetResult();
        await Task.WhenAll(writes);

        Assert.Equal([5], batches);
        Assert.All(waiting, post => Assert.Equal("The database went away.", post.Result?.Error?.Message));
        Assert.Equal(0, queue.Waiting);
        var after = Queued();
        await queue.WriteAsync(after, StoreAll);
        Assert.Same(QueuedMessage.Outcome.Stored, after.Result);
    }

    [SkippableFact]
    public async Task More_posts_waiting_than_one_batch_takes_are_written_in_batches_of_at_most_the_limit_and_all_settled()
    {
        var queue = App.Services.GetRequiredService<MessageWriteQueue>();
        var batches = new List<int>();
        var held = await HoldAsync(queue);
        var waiting = Enumerable.Range(0, MessageWriteQueue.MaxBatch + 6).Select(_ => Queued()).ToList();
        var writes = waiting.Select(post => queue.WriteAsync(post, batch =>
        {
            lock (batches)
            {
                batches.Add(batch.Count);
            }
            return StoreAll(batch);
        })).ToList();
        await Eventually.HoldsAsync(() => queue.Waiting == waiting.Count, $"the {waiting.Count} posts to wait behind the held write");

        held.SetResult();
        await Task.WhenAll(writes);

        Assert.Equal([MessageWriteQueue.MaxBatch, 6], batches);
        Assert.All(waiting, post => Assert.Same(QueuedMessage.Outcome.Stored, post.Result));
        Assert.Equal(0, queue.Waiting);
    }

    /// <summary>Starts a write that holds the queue until the returned source is set.</summary>
    private static async Task<TaskCompletionSource> HoldAsync(MessageWriteQueue queue)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = queue.WriteAsync(Queued(), async batch =>
        {
            started.SetResult();
            await release.Task;
            await StoreAll(batch);
        });
        await started.Task;
        return release;
    }

    /// <summary>A write that stores every post of its batch (and nothing in the database).</summary>
    private static Task StoreAll(IReadOnlyList<QueuedMessage> batch)
    {
        foreach (var post in batch)
        {
            post.Settle(QueuedMessage.Outcome.Stored);
        }
        return Task.CompletedTask;
    }

    private static QueuedMessage Queued() =>
        new(new Message { Body = "", Html = "", AuthorId = "", ClientMessageId = "" }, new GroupAccess(0, "", "", GroupVisibility.Members, null, false), new DiscussionThread { Title = "", CreatedById = "" }, new ClaimsPrincipal(), false);

    private static async Task<(HttpStatusCode Status, MessageJson Message)> Send(HttpClient client, int threadId, string body, string? clientMessageId)
    {
        using var response = await client.SendMessageAsync(threadId, body, clientMessageId);
        return (response.StatusCode, await response.ReadJsonAsync<MessageJson>(response.StatusCode));
    }

    private static async Task<Problem> SendForProblem(HttpClient client, int threadId, string body, HttpStatusCode expected)
    {
        using var response = await client.SendMessageAsync(threadId, body);
        return await response.ReadProblemAsync(expected);
    }
}

[Collection(SqliteFixture.Collection)]
public sealed class MessageBatchTestsOnSqlite(SqliteFixture fixture) : MessageBatchTests(fixture);

[Collection(PostgresFixture.Collection)]
public sealed class MessageBatchTestsOnPostgres(PostgresFixture fixture) : MessageBatchTests(fixture);
