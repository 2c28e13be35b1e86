using System.Net;
using System.Net.Http.Json;
using System.Text;
using ChildForum.Discussions.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Discussions.Tests.Endpoints;

/// <summary>Posting and reading messages: the shape, seq without gaps, paging, retries with the same clientMessageId.</summary>
public abstract class MessageTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task Posted_message_is_201_with_its_author_rendering_and_place_in_the_thread()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var clientMessageId = DiscussionApi.NewClientMessageId();

        using var response = await cso.SendMessageAsync(scene.Thread.Id, "See [the report](https://example.org/r) and *this*.", clientMessageId);

        var message = await response.ReadJsonAsync<MessageJson>(HttpStatusCode.Created);
        Assert.Equal((scene.Thread.Id, 2, clientMessageId, (long?)null, false, false, (DateTimeOffset?)null),
            (message.ThreadId, message.Seq, message.ClientMessageId, message.ReplyToId, message.Deleted, message.Hidden, message.EditedAt));
        Assert.Equal((await App.UserIdAsync(DemoUsers.Cso), "Zhang Min", "Sunflower Children's Service Centre", "cso"),
            (message.Author.Id, message.Author.DisplayName, message.Author.Organisation, message.Author.StakeholderType));
        Assert.Contains("<em>this</em>", message.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.org/r\"", message.Html, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, int> { ["agree"] = 0, ["thanks"] = 0, ["question"] = 0, ["important"] = 0 }, message.Reactions);
        Assert.Null(message.ReplyTo);
        Assert.True(message.CreatedAt > DateTimeOffset.UtcNow.AddMinutes(-5) && message.CreatedAt.Offset == TimeSpan.Zero);
        Assert.NotNull(response.Headers.Location);
        var readBack = await cso.ReadMessageAsync(message);
        Assert.Equal((message.Id, message.Body, message.Html), (readBack.Id, readBack.Body, readBack.Html));
        var thread = await cso.ThreadAsync(scene.Thread.Id);
        Assert.Equal((2, 2), (thread.MessageCount, thread.LastSeq));
    }

    [SkippableFact]
    public async Task Reply_names_the_message_it_answers_with_a_short_quote()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var official = await App.ClientForAsync(DemoUsers.Official);
        var question = await cso.PostMessageAsync(scene.Thread.Id, "Who funds the after-school centres? " + new string('.', 300));

        var answer = await official.PostMessageAsync(scene.Thread.Id, "The district does.", replyToId: question.Id);

        Assert.Equal(question.Id, answer.ReplyToId);
        Assert.NotNull(answer.ReplyTo);
        Assert.Equal((question.Id, question.Seq, "Zhang Min"), (answer.ReplyTo.Id, answer.ReplyTo.Seq, answer.ReplyTo.AuthorName));
        Assert.StartsWith("Who funds the after-school centres?", answer.ReplyTo.Excerpt, StringComparison.Ordinal);
        Assert.True(answer.ReplyTo.Excerpt.Length < question.Body.Length, "The quote is an excerpt, not the whole message.");
    }

    [SkippableFact]
    public async Task Replying_to_a_message_of_another_thread_or_to_no_message_is_400_naming_replyToId()
    {
        var scene = await App.NewSceneAsync();
        var other = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var elsewhere = Assert.Single(await cso.MessagesAsync(other.Thread.Id));

        using var otherThread = await cso.SendMessageAsync(scene.Thread.Id, "Reply.", replyToId: elsewhere.Id);
        using var unknown = await cso.SendMessageAsync(scene.Thread.Id, "Reply.", replyToId: 987654321);

        Assert.Contains("replyToId", (await otherThread.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Contains("replyToId", (await unknown.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Single(await cso.MessagesAsync(scene.Thread.Id));
    }

    [SkippableFact]
    public async Task Seq_counts_up_from_1_without_gaps()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var official = await App.ClientForAsync(DemoUsers.Official);

        var posted = new List<MessageJson>();
        for (var i = 0; i < 6; i++)
        {
            posted.Add(await (i % 2 == 0 ? cso : official).PostMessageAsync(scene.Thread.Id, $"Message {i}"));
        }

        Assert.Equal([2, 3, 4, 5, 6, 7], posted.Select(m => m.Seq));
        Assert.Equal(Enumerable.Range(1, 7), (await cso.MessagesAsync(scene.Thread.Id)).Select(m => m.Seq));
    }

    [SkippableFact]
    public async Task Four_people_posting_ten_messages_each_at_once_get_every_seq_from_1_to_41_exactly_once()
    {
        var cast = new[] { (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Cso, "member"), (DemoUsers.Official, "member"), (DemoUsers.Researcher, "member"), (DemoUsers.Business, "member") };
        var scene = await App.NewSceneAsync("members", cast);
        var clients = await Task.WhenAll(DemoUsers.Members.Select(App.ClientForAsync));
        try
        {
            var posts = clients.SelectMany((client, person) => Enumerable.Range(0, 10).Select(i => (client, body: $"Person {person}, message {i}"))).ToList();

            var responses = await Task.WhenAll(posts.Select(async p =>
            {
                using var response = await p.client.SendMessageAsync(scene.Thread.Id, p.body);
                return await response.ReadJsonAsync<MessageJson>(HttpStatusCode.Created);
            }));

            Assert.Equal(Enumerable.Range(2, 40), responses.Select(m => m.Seq).Order());
            var stored = await clients[0].MessagesAsync(scene.Thread.Id);
            Assert.Equal(Enumerable.Range(1, 41), stored.Select(m => m.Seq));
            Assert.Equal(posts.Select(p => p.body).Order(StringComparer.Ordinal), stored.Skip(1).Select(m => m.Body).Order(StringComparer.Ordinal));
            var thread = await clients[0].ThreadAsync(scene.Thread.Id);
            Assert.Equal((41, 41), (thread.MessageCount, thread.LastSeq));
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    [SkippableFact]
    public async Task Each_person_posting_in_turn_sees_their_messages_in_the_order_they_sent_them()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var official = await App.ClientForAsync(DemoUsers.Official);

        await Task.WhenAll(
            Task.Run(async () => { for (var i = 0; i < 8; i++) { await cso.PostMessageAsync(scene.Thread.Id, $"cso {i}"); } }),
            Task.Run(async () => { for (var i = 0; i < 8; i++) { await official.PostMessageAsync(scene.Thread.Id, $"official {i}"); } }));

        var stored = await cso.MessagesAsync(scene.Thread.Id);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"cso {i}"), stored.Where(m => m.Body.StartsWith("cso", StringComparison.Ordinal)).Select(m => m.Body));
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"official {i}"), stored.Where(m => m.Body.StartsWith("official", StringComparison.Ordinal)).Select(m => m.Body));
    }

    [SkippableFact]
    public async Task Retrying_with_the_same_clientMessageId_answers_200_with_the_stored_message_and_stores_nothing_new()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var clientMessageId = DiscussionApi.NewClientMessageId();
        var first = await cso.PostMessageAsync(scene.Thread.Id, "Sent once, retried twice.", clientMessageId);

        using var retry = await cso.SendMessageAsync(scene.Thread.Id, "Sent once, retried twice.", clientMessageId);
        using var retryWithOtherText = await cso.SendMessageAsync(scene.Thread.Id, "A different text on the retry.", clientMessageId);

        var again = await retry.ReadJsonAsync<MessageJson>(HttpStatusCode.OK);
        var stillTheFirst = await retryWithOtherText.ReadJsonAsync<MessageJson>(HttpStatusCode.OK);
        Assert.Equal((first.Id, first.Seq, first.Body), (again.Id, again.Seq, again.Body));
        Assert.Equal((first.Id, first.Body), (stillTheFirst.Id, stillTheFirst.Body));
        Assert.Equal([1, 2], (await cso.MessagesAsync(scene.Thread.Id)).Select(m => m.Seq));
    }

    [SkippableFact]
    public async Task Eight_simultaneous_retries_of_one_clientMessageId_store_one_message_and_all_answer_it()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var clientMessageId = DiscussionApi.NewClientMessageId();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var response = await cso.SendMessageAsync(scene.Thread.Id, "Flaky network.", clientMessageId);
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"A retry answered {(int)response.StatusCode}: {await HttpAssertions.DescribeAsync(response)}");
            return (response.StatusCode, Message: await response.ReadJsonAsync<MessageJson>(response.StatusCode));
        }));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.Single(answers.Select(a => a.Message.Id).Distinct());
        Assert.Equal([1, 2], (await cso.MessagesAsync(scene.Thread.Id)).Select(m => m.Seq));
    }

    [SkippableFact]
    public async Task Two_people_may_use_the_same_clientMessageId_without_touching_each_others_messages()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var official = await App.ClientForAsync(DemoUsers.Official);
        var clientMessageId = DiscussionApi.NewClientMessageId();

        var mine = await cso.PostMessageAsync(scene.Thread.Id, "Mine.", clientMessageId);
        var theirs = await official.PostMessageAsync(scene.Thread.Id, "Theirs.", clientMessageId);

        Assert.NotEqual(mine.Id, theirs.Id);
        Assert.Equal(["Welcome to this thread.", "Mine.", "Theirs."], (await cso.MessagesAsync(scene.Thread.Id)).Select(m => m.Body));
    }

    [SkippableFact]
    public async Task Reusing_a_clientMessageId_in_another_thread_is_409_and_stores_nothing()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var otherThread = await cso.StartThreadAsync(scene.Group.Id);
        var clientMessageId = DiscussionApi.NewClientMessageId();
        await cso.PostMessageAsync(scene.Thread.Id, "Here.", clientMessageId);

        using var response = await cso.SendMessageAsync(otherThread.Id, "There.", clientMessageId);

        await response.ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Single(await cso.MessagesAsync(otherThread.Id));
    }

    [SkippableFact]
    public async Task Paging_with_after_and_limit_returns_the_next_messages_in_seq_order()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        for (var i = 0; i < 5; i++)
        {
            await cso.PostMessageAsync(scene.Thread.Id, $"Message {i}");
        }

        Assert.Equal([3, 4], (await cso.MessagesAsync(scene.Thread.Id, after: 2, limit: 2)).Select(m => m.Seq));
        Assert.Equal([6], (await cso.MessagesAsync(scene.Thread.Id, after: 5, limit: 200)).Select(m => m.Seq));
        Assert.Empty(await cso.MessagesAsync(scene.Thread.Id, after: 6));
        Assert.Empty(await cso.MessagesAsync(scene.Thread.Id, after: 1000));
        Assert.Equal([1], (await cso.MessagesAsync(scene.Thread.Id, after: 0, limit: 1)).Select(m => m.Seq));
    }

    [SkippableFact]
    public async Task Without_after_and_limit_the_first_50_messages_come_back()
    {
        var scene = await App.NewSceneAsync();
        var clients = await Task.WhenAll(new[] { DemoUsers.Cso, DemoUsers.Official }.Select(App.ClientForAsync));
        try
        {
            for (var i = 0; i < 26; i++)
            {
                await Task.WhenAll(clients.Select(c => c.PostMessageAsync(scene.Thread.Id, $"Message {i}")));
            }

            using var response = await clients[0].GetAsync($"/api/v1/threads/{scene.Thread.Id}/messages");

            Assert.Equal(Enumerable.Range(1, 50), (await response.ReadJsonAsync<MessagePageJson>()).Items.Select(m => m.Seq));
            Assert.Equal([51, 52, 53], (await clients[0].MessagesAsync(scene.Thread.Id, after: 50)).Select(m => m.Seq));
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    [SkippableTheory]
    [InlineData("after=-1", "after")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=-5", "limit")]
    [InlineData("after=abc", "after")]
    [InlineData("limit=ten", "limit")]
    [InlineData("after=99999999999999999999", "after")]
    [InlineData("limit=1.5", "limit")]
    [InlineData("after=", "after")]
    public async Task Invalid_after_or_limit_is_a_400_problem_naming_the_field(string query, string field)
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        using var response = await cso.GetAsync($"/api/v1/threads/{scene.Thread.Id}/messages?{query}");

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(new[] { field }, problem.Errors.Keys);
        Assert.All(problem.Errors[field], sentence => Assert.EndsWith(".", sentence, StringComparison.Ordinal));
    }

    [SkippableTheory]
    [InlineData("{\"body\": {\"nested\": true}, \"clientMessageId\": \"c\"}", "body")]
    [InlineData("{\"body\": \"x\", \"clientMessageId\": 12}", "clientMessageId")]
    [InlineData("{\"body\": \"x\", \"clientMessageId\": \"c\", \"replyToId\": \"not-a-number\"}", "replyToId")]
    [InlineData("{\"body\": \"x\", \"clientMessageId\": \"c\", \"confirmPersonalData\": \"yes\"}", "confirmPersonalData")]
    [InlineData("{\"body\": \"a\\u0000b\", \"clientMessageId\": \"c\"}", "body")]
    public async Task A_json_member_of_the_wrong_type_is_a_400_naming_it(string json, string field)
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        using var response = await cso.PostAsync($"/api/v1/threads/{scene.Thread.Id}/messages", new StringContent(json, Encoding.UTF8, "application/json"));

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(new[] { field }, problem.Errors.Keys);
    }

    [SkippableFact]
    public async Task Limit_200_is_accepted()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        using var response = await cso.GetAsync($"/api/v1/threads/{scene.Thread.Id}/messages?after=0&limit=200");

        Assert.Single((await response.ReadJsonAsync<MessagePageJson>()).Items);
    }

    [SkippableTheory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\t\n")]
    [InlineData(null)]
    public async Task An_empty_message_is_400_naming_body(string? body)
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        using var response = await cso.PostAsJsonAsync($"/api/v1/threads/{scene.Thread.Id}/messages", new { body, clientMessageId = DiscussionApi.NewClientMessageId() });

        Assert.Contains("body", (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Single(await cso.MessagesAsync(scene.Thread.Id));
    }

    [SkippableTheory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("tab\there")]
    [InlineData("x101")]
    public async Task A_missing_blank_or_unusable_clientMessageId_is_400_naming_it(string? clientMessageId)
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        clientMessageId = clientMessageId == "x101" ? new string('x', 101) : clientMessageId;

        using var response = await cso.PostAsJsonAsync($"/api/v1/threads/{scene.Thread.Id}/messages", new { body = "Hello.", clientMessageId });

        Assert.Contains("clientMessageId", (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Single(await cso.MessagesAsync(scene.Thread.Id));
    }

    [SkippableTheory]
    [InlineData("{\"body\": \"unterminated")]
    [InlineData("{\"body\": \"x\", \"clientMessageId\": 5,}")]
    [InlineData("[\"body\"]")]
    [InlineData("\"just a string\"")]
    [InlineData("{\"body\": {\"nested\": true}, \"clientMessageId\": \"c\"}")]
    [InlineData("{\"body\": \"x\", \"clientMessageId\": \"c\", \"replyToId\": \"not-a-number\"}")]
    [InlineData("{\"body\": \"x\", \"clientMessageId\": \"c\", \"confirmPersonalData\": \"yes\"}")]
    [InlineData("null")]
    [InlineData("")]
    public async Task Malformed_json_is_a_400_problem_not_a_500(string json)
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        using var response = await cso.PostAsync($"/api/v1/threads/{scene.Thread.Id}/messages", new StringContent(json, Encoding.UTF8, "application/json"));

        await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Single(await cso.MessagesAsync(scene.Thread.Id));
    }

    [SkippableTheory]
    [InlineData("POST", "/api/v1/groups/{group}/threads")]
    [InlineData("PATCH", "/api/v1/messages/{message}")]
    [InlineData("POST", "/api/v1/messages/{message}/flags")]
    public async Task Malformed_json_on_the_other_write_routes_is_a_400_problem_too(string method, string route)
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var message = await cso.PostMessageAsync(scene.Thread.Id, "Mine.");
        var url = route.Replace("{group}", scene.Group.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{message}", message.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        foreach (var json in new[] { "{\"body\": ", "[1, 2]", "{\"title\": 5, \"body\": [], \"reason\": {}}" })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            using var response = await cso.SendAsync(request);
            await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        }
        Assert.Equal("Mine.", (await cso.ReadMessageAsync(message)).Body);
    }

    [SkippableFact]
    public async Task A_body_that_is_not_json_is_415()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        using var response = await cso.PostAsync($"/api/v1/threads/{scene.Thread.Id}/messages", new StringContent("body=hello", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await response.ReadProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [SkippableFact]
    public async Task A_request_body_over_1_MB_is_413()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        using var response = await cso.SendMessageAsync(scene.Thread.Id, new string('a', 1_100_000));

        await response.ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Single(await cso.MessagesAsync(scene.Thread.Id));
    }

    [SkippableFact]
    public async Task A_message_of_20000_characters_is_accepted_and_one_of_20001_is_413_saying_how_long_it_may_be()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        using var longest = await cso.SendMessageAsync(scene.Thread.Id, new string('a', 20_000));
        using var tooLong = await cso.SendMessageAsync(scene.Thread.Id, new string('b', 20_001));

        await longest.AssertStatusAsync(HttpStatusCode.Created);
        var problem = await tooLong.ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("20001", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("20000", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(2, (await cso.MessagesAsync(scene.Thread.Id)).Count);
    }

    [SkippableFact]
    public async Task A_message_of_20000_quote_markers_is_400_naming_body_not_a_500()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        // Within the 20,000-character limit, but nested 20,000 deep: Markdown too complex to render.
        using var response = await cso.SendMessageAsync(scene.Thread.Id, new string('>', 20_000)).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Contains("body", (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Single(await cso.MessagesAsync(scene.Thread.Id));
    }

    [SkippableFact]
    public async Task Posting_in_an_unknown_thread_is_404()
    {
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        using var response = await cso.SendMessageAsync(987654321, "Hello?");

        await response.ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [SkippableTheory]
    [InlineData("GET", "/api/v1/threads/abc")]
    [InlineData("GET", "/api/v1/threads/abc/messages")]
    [InlineData("GET", "/api/v1/threads/99999999999/messages")]
    [InlineData("GET", "/api/v1/threads/-1/messages")]
    [InlineData("POST", "/api/v1/threads/abc/messages")]
    [InlineData("PATCH", "/api/v1/messages/abc")]
    [InlineData("DELETE", "/api/v1/messages/1.5")]
    [InlineData("PUT", "/api/v1/messages/abc/reactions/agree")]
    [InlineData("POST", "/api/v1/messages/99999999999999999999/flags")]
    [InlineData("POST", "/api/v1/flags/abc/dismiss")]
    [InlineData("POST", "/api/v1/threads/abc/lock")]
    public async Task Malformed_ids_in_the_url_are_404_problems(string method, string url)
    {
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PATCH")
        {
            request.Content = JsonContent.Create(new { body = "x", clientMessageId = "c", reason = "r" });
        }

        using var response = await facilitator.SendAsync(request);

        await response.ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [SkippableFact]
    public async Task A_NUL_character_in_a_message_never_causes_a_500()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        using var response = await cso.SendMessageAsync(scene.Thread.Id, "before\0after");

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Created, await HttpAssertions.DescribeAsync(response));
    }
}

[Collection(SqliteFixture.Collection)]
public sealed class MessageTestsOnSqlite(SqliteFixture fixture) : MessageTests(fixture);

[Collection(PostgresFixture.Collection)]
public sealed class MessageTestsOnPostgres(PostgresFixture fixture) : MessageTests(fixture);
