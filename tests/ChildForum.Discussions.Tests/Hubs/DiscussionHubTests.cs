using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using ChildForum.Discussions.Tests.Infrastructure;
using ChildForum.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Discussions.Tests.Hubs;

/// <summary><c>/hubs/discussion</c> with the real SignalR client against the site on Kestrel: live delivery, retries,
/// catching up, permissions, typing and presence.</summary>
public abstract class DiscussionHubTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private async Task<LiveClient> JoinedAsync(string user, int threadId)
    {
        var client = await LiveClient.ConnectAsync(App, user);
        await client.JoinAsync(threadId);
        return client;
    }

    [SkippableFact]
    public async Task Message_posted_over_http_reaches_every_member_who_has_the_thread_open()
    {
        var scene = await App.NewSceneAsync();
        await using var cso = await JoinedAsync(DemoUsers.Cso, scene.Thread.Id);
        await using var official = await JoinedAsync(DemoUsers.Official, scene.Thread.Id);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        var posted = await facilitator.PostMessageAsync(scene.Thread.Id, "Minutes are **up**.");

        foreach (var client in new[] { cso, official })
        {
            var live = await client.WaitForAsync<MessageJson>(LiveClient.MessagePosted, m => m.Id == posted.Id);
            Assert.Equal((posted.Seq, posted.Body, posted.Html, posted.Author.DisplayName), (live.Seq, live.Body, live.Html, live.Author.DisplayName));
        }
    }

    [SkippableFact]
    public async Task Message_sent_through_the_hub_is_stored_returned_and_delivered_to_the_others()
    {
        var scene = await App.NewSceneAsync();
        await using var cso = await JoinedAsync(DemoUsers.Cso, scene.Thread.Id);
        await using var official = await JoinedAsync(DemoUsers.Official, scene.Thread.Id);
        var clientMessageId = DiscussionApi.NewClientMessageId();

        var sent = await cso.SendAsync(scene.Thread.Id, "From the hub.", clientMessageId);

        Assert.Equal((scene.Thread.Id, 2, "From the hub.", clientMessageId, "Zhang Min"), (sent.ThreadId, sent.Seq, sent.Body, sent.ClientMessageId, sent.Author.DisplayName));
        Assert.Equal(sent.Id, (await official.WaitForAsync<MessageJson>(LiveClient.MessagePosted, m => m.Seq == 2)).Id);
        using var reader = await App.ClientForAsync(DemoUsers.Researcher);
        Assert.Equal(sent.Id, (await reader.MessagesAsync(scene.Thread.Id, after: 1)).Single().Id);
    }

    [SkippableFact]
    public async Task Join_answers_the_threads_last_seq()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        await cso.PostMessageAsync(scene.Thread.Id, "Two.");
        await using var official = await LiveClient.ConnectAsync(App, DemoUsers.Official);

        var joined = await official.JoinAsync(scene.Thread.Id);

        Assert.Equal((scene.Thread.Id, 2), (joined.ThreadId, joined.LastSeq));
    }

    [SkippableFact]
    public async Task Messages_one_person_sends_in_a_row_arrive_at_the_others_in_the_order_sent()
    {
        var scene = await App.NewSceneAsync();
        await using var cso = await JoinedAsync(DemoUsers.Cso, scene.Thread.Id);
        await using var official = await JoinedAsync(DemoUsers.Official, scene.Thread.Id);

        // Sent without waiting for the answers: the client sends them in this order on one connection.
        var sent = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => cso.SendAsync(scene.Thread.Id, $"Point {i}")).ToList());

        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"Point {i}"), sent.OrderBy(m => m.Seq).Select(m => m.Body));
        await official.WaitForAsync<MessageJson>(LiveClient.MessagePosted, m => m.Body == "Point 11");
        var live = official.Received<MessageJson>(LiveClient.MessagePosted).Where(m => m.ThreadId == scene.Thread.Id).ToList();
        Assert.Equal(Enumerable.Range(2, 12), live.Select(m => m.Seq));
    }

    [SkippableFact]
    public async Task With_three_people_sending_at_once_every_open_page_receives_every_message_exactly_once()
    {
        var scene = await App.NewSceneAsync();
        await using var cso = await JoinedAsync(DemoUsers.Cso, scene.Thread.Id);
        await using var official = await JoinedAsync(DemoUsers.Official, scene.Thread.Id);
        await using var facilitator = await JoinedAsync(DemoUsers.Facilitator, scene.Thread.Id);
        await using var observer = await JoinedAsync(DemoUsers.Researcher, scene.Thread.Id);

        var sent = await Task.WhenAll(new[] { cso, official, facilitator }.SelectMany(c => Enumerable.Range(0, 8).Select(i => c.SendAsync(scene.Thread.Id, $"{c.Who} {i}"))).ToList());

        Assert.Equal(Enumerable.Range(2, 24), sent.Select(m => m.Seq).Order());
        var last = sent.Max(m => m.Seq);
        foreach (var client in new[] { cso, official, facilitator, observer })
        {
            await client.WaitForAsync<MessageJson>(LiveClient.MessagePosted, m => m.Seq == last);
            // Every seq arrives once; a page that sees a gap fills it with messages?after=.
            await Eventually.HoldsAsync(() => client.Received<MessageJson>(LiveClient.MessagePosted).Count >= 24, $"{client.Who} to receive all 24 messages",
                LiveClient.Timeout, TimeSpan.FromMilliseconds(20), () => Environment.NewLine + client.Describe());
            Assert.Equal(Enumerable.Range(2, 24), client.Received<MessageJson>(LiveClient.MessagePosted).Select(m => m.Seq).Order());
        }
    }

    [SkippableFact]
    public async Task Retrying_SendMessage_with_the_same_clientMessageId_returns_the_stored_message_and_broadcasts_it_once()
    {
        var scene = await App.NewSceneAsync();
        await using var cso = await JoinedAsync(DemoUsers.Cso, scene.Thread.Id);
        await using var official = await JoinedAsync(DemoUsers.Official, scene.Thread.Id);
        var clientMessageId = DiscussionApi.NewClientMessageId();

        var first = await cso.SendAsync(scene.Thread.Id, "Sent on a shaky train.", clientMessageId);
        var retry = await cso.SendAsync(scene.Thread.Id, "Sent on a shaky train.", clientMessageId);
        using var http = await App.ClientForAsync(DemoUsers.Cso);
        using var httpRetry = await http.SendMessageAsync(scene.Thread.Id, "Sent on a shaky train.", clientMessageId);
        var proof = await cso.SendAsync(scene.Thread.Id, "Arrived.");

        Assert.Equal((first.Id, first.Seq), (retry.Id, retry.Seq));
        Assert.Equal(first.Id, (await httpRetry.ReadJsonAsync<MessageJson>(HttpStatusCode.OK)).Id);
        Assert.Equal(first.Seq + 1, proof.Seq);
        await official.WaitForAsync<MessageJson>(LiveClient.MessagePosted, m => m.Id == proof.Id);
        Assert.Single(official.Received<MessageJson>(LiveClient.MessagePosted), m => m.Id == first.Id);
    }

    [SkippableFact]
    public async Task After_a_disconnect_a_client_catches_up_with_messages_after_the_last_seq_it_saw()
    {
        var scene = await App.NewSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var officialHttp = await App.ClientForAsync(DemoUsers.Official);
        int lastSeen;
        await using (var official = await JoinedAsync(DemoUsers.Official, scene.Thread.Id))
        {
            await cso.PostMessageAsync(scene.Thread.Id, "Seen live.");
            lastSeen = (await official.WaitForAsync<MessageJson>(LiveClient.MessagePosted)).Seq;
        }
        var missed = new[] { await cso.PostMessageAsync(scene.Thread.Id, "Missed 1."), await cso.PostMessageAsync(scene.Thread.Id, "Missed 2.") };

        await using var reconnected = await LiveClient.ConnectAsync(App, DemoUsers.Official);
        var joined = await reconnected.JoinAsync(scene.Thread.Id);
        var caughtUp = await officialHttp.MessagesAsync(scene.Thread.Id, after: lastSeen);
        var next = await cso.PostMessageAsync(scene.Thread.Id, "Live again.");

        Assert.Equal(2, lastSeen);
        Assert.Equal(4, joined.LastSeq);
        Assert.Equal(missed.Select(m => m.Id), caughtUp.Select(m => m.Id));
        Assert.Equal(next.Id, (await reconnected.WaitForAsync<MessageJson>(LiveClient.MessagePosted)).Id);
    }

    [SkippableFact]
    public async Task Connecting_without_a_token_or_with_a_forged_one_is_refused()
    {
        await using var anonymous = LiveClient.Unstarted(App, accessToken: null, "anonymous");
        await using var forged = LiveClient.Unstarted(App, accessToken: "not-a-token", "forged");

        await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.Connection.StartAsync());
        await Assert.ThrowsAsync<HttpRequestException>(() => forged.Connection.StartAsync());

        Assert.Equal(HubConnectionState.Disconnected, anonymous.Connection.State);
        Assert.Equal(HubConnectionState.Disconnected, forged.Connection.State);
    }

    [SkippableTheory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    public async Task Negotiating_without_a_valid_token_answers_401(string? token)
    {
        await using var client = LiveClient.Unstarted(App, token, token ?? "anonymous");
        using var http = App.CreateAnonymousClient();

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.Connection.StartAsync());
        using var negotiate = await http.PostAsync($"/hubs/discussion/negotiate?negotiateVersion=1{(token is null ? "" : "&access_token=" + token)}", null);

        Assert.True(refused.StatusCode == HttpStatusCode.Unauthorized, $"The SignalR client's negotiate was refused with {refused.StatusCode}: {refused.Message}");
        await negotiate.AssertStatusAsync(HttpStatusCode.Unauthorized);
    }

    [SkippableFact]
    public async Task Outsider_joining_a_members_only_thread_and_anyone_joining_an_unknown_thread_get_a_HubException_without_the_title()
    {
        var scene = await App.NewSceneAsync();
        await using var outsider = await LiveClient.ConnectAsync(App, DemoUsers.Outsider);
        await using var member = await LiveClient.ConnectAsync(App, DemoUsers.Cso);

        var refused = await Assert.ThrowsAsync<HubException>(() => outsider.JoinAsync(scene.Thread.Id));
        var unknown = await Assert.ThrowsAsync<HubException>(() => member.JoinAsync(987654321));
        var sendRefused = await Assert.ThrowsAsync<HubException>(() => outsider.SendAsync(scene.Thread.Id, "Let me in."));

        Assert.DoesNotContain(scene.Thread.Title, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(scene.Thread.Title, sendRefused.Message, StringComparison.Ordinal);
        Assert.NotNull(unknown.Message);
        Assert.Equal(HubConnectionState.Connected, outsider.Connection.State);
        using var reader = await App.ClientForAsync(DemoUsers.Cso);
        Assert.Single(await reader.MessagesAsync(scene.Thread.Id));
    }

    [SkippableFact]
    public async Task Observer_follows_the_thread_live_but_SendMessage_is_refused()
    {
        var scene = await App.NewSceneAsync();
        await using var observer = await JoinedAsync(DemoUsers.Researcher, scene.Thread.Id);
        await using var cso = await JoinedAsync(DemoUsers.Cso, scene.Thread.Id);

        var posted = await cso.SendAsync(scene.Thread.Id, "For everyone to read.");
        await observer.WaitForAsync<MessageJson>(LiveClient.MessagePosted, m => m.Id == posted.Id);
        var refused = await Assert.ThrowsAsync<HubException>(() => observer.SendAsync(scene.Thread.Id, "May I?"));

        Assert.Contains("observers read", refused.Message, StringComparison.Ordinal);
        using var reader = await App.ClientForAsync(DemoUsers.Cso);
        Assert.Equal(2, (await reader.MessagesAsync(scene.Thread.Id)).Count);
    }

    [SkippableFact]
    public async Task Signed_in_reader_of_a_public_group_follows_live_but_may_not_send()
    {
        var scene = await App.NewSceneAsync("public");
        await using var outsider = await JoinedAsync(DemoUsers.Outsider, scene.Thread.Id);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        var posted = await cso.PostMessageAsync(scene.Thread.Id, "Open to the public.");

        await outsider.WaitForAsync<MessageJson>(LiveClient.MessagePosted, m => m.Id == posted.Id);
        await Assert.ThrowsAsync<HubException>(() => outsider.SendAsync(scene.Thread.Id, "Me too."));
    }

    [SkippableFact]
    public async Task A_too_long_message_through_the_hub_is_refused_with_the_same_words_as_the_api()
    {
        var scene = await App.NewSceneAsync();
        await using var cso = await LiveClient.ConnectAsync(App, DemoUsers.Cso);
        using var http = await App.ClientForAsync(DemoUsers.Cso);
        var body = new string('z', 20_001);

        var refused = await Assert.ThrowsAsync<HubException>(() => cso.SendAsync(scene.Thread.Id, body));
        using var response = await http.SendMessageAsync(scene.Thread.Id, body);

        var problem = await response.ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.EndsWith(problem.Detail!, refused.Message, StringComparison.Ordinal);
        Assert.Single(await http.MessagesAsync(scene.Thread.Id));
    }

    [SkippableFact]
    public async Task An_id_number_sent_through_the_hub_is_refused_showing_only_its_last_four_characters()
    {
        var scene = await App.NewSceneAsync();
        await using var cso = await LiveClient.ConnectAsync(App, DemoUsers.Cso);

        var refused = await Assert.ThrowsAsync<HubException>(() => cso.SendAsync(scene.Thread.Id, "ID " + IdNumbers.FullWidth("110105 19491231 002X")));
        var refusedConfirmed = await Assert.ThrowsAsync<HubException>(() => cso.SendConfirmedAsync(scene.Thread.Id, $"ID {IdNumbers.Valid}"));

        Assert.Contains("…002X", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("1949", refused.Message, StringComparison.Ordinal);
        Assert.Contains("…002X", refusedConfirmed.Message, StringComparison.Ordinal);
        using var reader = await App.ClientForAsync(DemoUsers.Cso);
        Assert.Single(await reader.MessagesAsync(scene.Thread.Id));
    }

    [SkippableFact]
    public async Task A_phone_number_through_the_hub_needs_SendConfirmedMessage_and_then_reaches_the_facilitators_queue()
    {
        var scene = await App.NewSceneAsync();
        await using var cso = await LiveClient.ConnectAsync(App, DemoUsers.Cso);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var clientMessageId = DiscussionApi.NewClientMessageId();

        var refused = await Assert.ThrowsAsync<HubException>(() => cso.SendAsync(scene.Thread.Id, "Her aunt: +86 139 1234 5678", clientMessageId));
        var confirmed = await cso.SendConfirmedAsync(scene.Thread.Id, "Her aunt: +86 139 1234 5678", clientMessageId);

        Assert.Contains("…5678", refused.Message, StringComparison.Ordinal);
        Assert.Equal(2, confirmed.Seq);
        Assert.Equal(("personal-data", confirmed.Id), Assert.Single(await facilitator.FlagsAsync(scene.Group.Id)) is var flag ? (flag.Kind, flag.MessageId) : default);
    }

    [SkippableFact]
    public async Task Hostile_messages_sent_through_the_hub_reach_the_others_with_inert_html()
    {
        var scene = await App.NewSceneAsync();
        await using var cso = await JoinedAsync(DemoUsers.Cso, scene.Thread.Id);
        await using var official = await JoinedAsync(DemoUsers.Official, scene.Thread.Id);

        foreach (var payload in XssCorpus.Payloads)
        {
            var sent = await cso.SendAsync(scene.Thread.Id, payload);
            var live = await official.WaitForAsync<MessageJson>(LiveClient.MessagePosted, m => m.Id == sent.Id, payload);

            Html.AssertInert("message as sent", payload, sent.Html);
            Html.AssertInert("message as received live", payload, live.Html);
        }
        Assert.Equal(XssCorpus.Payloads.Count + 1, (await official.JoinAsync(scene.Thread.Id)).LastSeq);
    }

    [SkippableFact]
    public async Task Typing_is_shown_to_the_others_in_the_thread_and_not_to_the_typist()
    {
        var scene = await App.NewSceneAsync();
        await using var cso = await JoinedAsync(DemoUsers.Cso, scene.Thread.Id);
        await using var official = await JoinedAsync(DemoUsers.Official, scene.Thread.Id);
        await using var elsewhere = await LiveClient.ConnectAsync(App, DemoUsers.Facilitator);

        await cso.TypingAsync(scene.Thread.Id);
        var seen = await official.WaitForAsync<TypingJson>(LiveClient.UserTyping);
        await official.TypingAsync(scene.Thread.Id);
        var answer = await cso.WaitForAsync<TypingJson>(LiveClient.UserTyping);

        Assert.Equal((scene.Thread.Id, "Zhang Min", "cso"), (seen.ThreadId, seen.User.DisplayName, seen.User.StakeholderType));
        Assert.Equal("Wang Jun", answer.User.DisplayName);
        // The official's typing reached the typist after the typist's own would have: the typist never saw their own.
        Assert.Single(cso.Received<TypingJson>(LiveClient.UserTyping));
        Assert.Single(official.Received<TypingJson>(LiveClient.UserTyping));
        Assert.Empty(elsewhere.Received<TypingJson>(LiveClient.UserTyping));
    }

    [SkippableFact]
    public async Task Typing_is_relayed_at_most_once_a_second_per_connection()
    {
        var scene = await App.NewSceneAsync();
        await using var cso = await JoinedAsync(DemoUsers.Cso, scene.Thread.Id);
        await using var official = await JoinedAsync(DemoUsers.Official, scene.Thread.Id);

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 10; i++)
        {
            await cso.TypingAsync(scene.Thread.Id);
        }
        var elapsed = clock.Elapsed;
        var proof = await cso.SendAsync(scene.Thread.Id, "Done typing.");

        await official.WaitForAsync<MessageJson>(LiveClient.MessagePosted, m => m.Id == proof.Id);
        var relayed = official.Received<TypingJson>(LiveClient.UserTyping).Count;
        Assert.InRange(relayed, 1, (int)elapsed.TotalSeconds + 1);
    }

    [SkippableFact]
    public async Task Typing_in_a_thread_one_has_not_joined_is_not_relayed()
    {
        var scene = await App.NewSceneAsync();
        await using var cso = await LiveClient.ConnectAsync(App, DemoUsers.Cso);
        await using var official = await JoinedAsync(DemoUsers.Official, scene.Thread.Id);

        await cso.TypingAsync(scene.Thread.Id);
        var proof = await cso.SendAsync(scene.Thread.Id, "Sent without joining.");

        await official.WaitForAsync<MessageJson>(LiveClient.MessagePosted, m => m.Id == proof.Id);
        Assert.Empty(official.Received<TypingJson>(LiveClient.UserTyping));
    }

    [SkippableFact]
    public async Task Presence_shows_who_has_the_thread_open_and_changes_on_join_leave_and_disconnect()
    {
        var scene = await App.NewSceneAsync();
        await using var cso = await LiveClient.ConnectAsync(App, DemoUsers.Cso);
        var first = await cso.JoinAsync(scene.Thread.Id);
        var official = await LiveClient.ConnectAsync(App, DemoUsers.Official);
        await using var facilitator = await LiveClient.ConnectAsync(App, DemoUsers.Facilitator);
        try
        {
            var second = await official.JoinAsync(scene.Thread.Id);
            await cso.WaitForAsync<PresenceJson>(LiveClient.PresenceChanged, p => Names(p).SetEquals(["Zhang Min", "Wang Jun"]), "both present");

            // Presence is sent at most every 250 ms and only when the list changed, so each step waits for its state.
            await facilitator.JoinAsync(scene.Thread.Id);
            await cso.WaitForAsync<PresenceJson>(LiveClient.PresenceChanged, p => Names(p).SetEquals(["Zhang Min", "Wang Jun", "Li Wen (facilitator)"]), "facilitator joined");
            await facilitator.LeaveAsync(scene.Thread.Id);
            var afterLeave = cso.WaitForAsync<PresenceJson>(LiveClient.PresenceChanged, p => Names(p).SetEquals(["Zhang Min", "Wang Jun"]) && cso.Received<PresenceJson>(LiveClient.PresenceChanged).Count > 2, "facilitator left");
            await afterLeave;

            await official.DisposeAsync();
            await cso.WaitForAsync<PresenceJson>(LiveClient.PresenceChanged, p => Names(p).SetEquals(["Zhang Min"]), "official disconnected");

            Assert.Equal(["Zhang Min"], first.Presence.Select(u => u.DisplayName));
            Assert.Equal(["Wang Jun", "Zhang Min"], second.Presence.Select(u => u.DisplayName).Order(StringComparer.Ordinal));
            var me = first.Presence.Single();
            Assert.Equal((await App.UserIdAsync(DemoUsers.Cso), "Sunflower Children's Service Centre", "cso"), (me.Id, me.Organisation, me.StakeholderType));
        }
        finally
        {
            await official.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task Person_with_the_thread_open_in_two_tabs_stays_present_until_both_close()
    {
        var scene = await App.NewSceneAsync();
        await using var watcher = await JoinedAsync(DemoUsers.Official, scene.Thread.Id);
        var tab1 = await JoinedAsync(DemoUsers.Cso, scene.Thread.Id);
        var tab2 = await JoinedAsync(DemoUsers.Cso, scene.Thread.Id);
        await watcher.WaitForAsync<PresenceJson>(LiveClient.PresenceChanged, p => Names(p).SetEquals(["Wang Jun", "Zhang Min"]), "both present");

        await tab1.DisposeAsync();
        var proof = await tab2.SendAsync(scene.Thread.Id, "Still here.");
        await watcher.WaitForAsync<MessageJson>(LiveClient.MessagePosted, m => m.Id == proof.Id);
        var whileOneTabIsOpen = watcher.Received<PresenceJson>(LiveClient.PresenceChanged)[^1];
        await tab2.DisposeAsync();

        Assert.Contains("Zhang Min", Names(whileOneTabIsOpen));
        await watcher.WaitForAsync<PresenceJson>(LiveClient.PresenceChanged, p => Names(p).SetEquals(["Wang Jun"]), "both tabs closed");
    }

    [SkippableFact]
    public async Task Member_removed_from_the_group_is_dropped_from_its_threads_at_once()
    {
        var scene = await App.NewSceneAsync();
        var otherScene = await App.NewSceneAsync();
        await using var cso = await JoinedAsync(DemoUsers.Cso, scene.Thread.Id);
        await cso.JoinAsync(otherScene.Thread.Id);
        await using var official = await JoinedAsync(DemoUsers.Official, scene.Thread.Id);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var before = await facilitator.PostMessageAsync(scene.Thread.Id, "Before.");
        await cso.WaitForAsync<MessageJson>(LiveClient.MessagePosted, m => m.Id == before.Id);

        using var removed = await facilitator.DeleteAsync($"/api/v1/groups/{scene.Group.Id}/members/{await App.UserIdAsync(DemoUsers.Cso)}");
        await removed.AssertStatusAsync(HttpStatusCode.NoContent);

        Assert.Equal(scene.Thread.Id, await cso.WaitForAsync<int>(LiveClient.ThreadAccessRevoked));
        var after1 = await facilitator.PostMessageAsync(scene.Thread.Id, "After 1.");
        var after2 = await facilitator.PostMessageAsync(scene.Thread.Id, "After 2.");
        await official.WaitForAsync<MessageJson>(LiveClient.MessagePosted, m => m.Id == after2.Id);
        // The removed member is still in the other group: a message there, sent after, proves their connection is live.
        var proof = await facilitator.PostMessageAsync(otherScene.Thread.Id, "Other group.");
        await cso.WaitForAsync<MessageJson>(LiveClient.MessagePosted, m => m.Id == proof.Id);
        Assert.False(cso.Received<MessageJson>(LiveClient.MessagePosted).Any(m => m.Id == after1.Id || m.Id == after2.Id),
            $"The removed member still received messages of the group's thread:{Environment.NewLine}{cso.Describe()}");
        await Assert.ThrowsAsync<HubException>(() => cso.JoinAsync(scene.Thread.Id));
        await Assert.ThrowsAsync<HubException>(() => cso.SendAsync(scene.Thread.Id, "Still here?"));
        await official.WaitForAsync<PresenceJson>(LiveClient.PresenceChanged, p => !Names(p).Contains("Zhang Min"), "the removed member gone");
    }

    [SkippableFact]
    public async Task Reader_of_a_public_group_stops_receiving_when_the_group_becomes_members_only()
    {
        var scene = await App.NewSceneAsync("public");
        var otherScene = await App.NewSceneAsync("public");
        await using var outsider = await JoinedAsync(DemoUsers.Outsider, scene.Thread.Id);
        await outsider.JoinAsync(otherScene.Thread.Id);
        using var admin = await App.ClientForAsync(DemoUsers.Admin);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        using var changed = await admin.PatchAsJsonAsync($"/api/v1/groups/{scene.Group.Id}", new { visibility = "members" });
        await changed.AssertStatusAsync(HttpStatusCode.NoContent);
        var secret = await facilitator.PostMessageAsync(scene.Thread.Id, "Now for members only.");
        var proof = await facilitator.PostMessageAsync(otherScene.Thread.Id, "Still public.");

        await outsider.WaitForAsync<MessageJson>(LiveClient.MessagePosted, m => m.Id == proof.Id);
        using var outsiderHttp = await App.ClientForAsync(DemoUsers.Outsider);
        await (await outsiderHttp.GetAsync($"/api/v1/threads/{scene.Thread.Id}/messages")).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.False(outsider.Received<MessageJson>(LiveClient.MessagePosted).Any(m => m.Id == secret.Id),
            $"The outsider, who now gets 404 for the thread, still received \"{secret.Body}\" live, posted after the group became members-only.");
    }

    [SkippableFact]
    public async Task After_leaving_a_thread_its_messages_no_longer_arrive()
    {
        var scene = await App.NewSceneAsync();
        var otherScene = await App.NewSceneAsync();
        await using var cso = await JoinedAsync(DemoUsers.Cso, scene.Thread.Id);
        await cso.JoinAsync(otherScene.Thread.Id);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        await cso.LeaveAsync(scene.Thread.Id);
        var unseen = await facilitator.PostMessageAsync(scene.Thread.Id, "After you left.");
        var proof = await facilitator.PostMessageAsync(otherScene.Thread.Id, "Elsewhere.");

        await cso.WaitForAsync<MessageJson>(LiveClient.MessagePosted, m => m.Id == proof.Id);
        Assert.DoesNotContain(cso.Received<MessageJson>(LiveClient.MessagePosted), m => m.Id == unseen.Id);
    }

    [SkippableFact]
    public async Task Edits_deletions_reactions_hiding_and_locking_reach_open_pages_live()
    {
        var scene = await App.NewSceneAsync();
        await using var official = await JoinedAsync(DemoUsers.Official, scene.Thread.Id);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var message = await cso.PostMessageAsync(scene.Thread.Id, "Draft wording.");
        var other = await cso.PostMessageAsync(scene.Thread.Id, "Second thought.");

        (await cso.PatchAsJsonAsync($"/api/v1/messages/{message.Id}", new { body = "Final wording." })).Dispose();
        var edited = await official.WaitForAsync<MessageJson>(LiveClient.MessageEdited, m => m.Id == message.Id);
        (await facilitator.PutAsync($"/api/v1/messages/{message.Id}/reactions/thanks", null)).Dispose();
        var reactions = await official.WaitForAsync<ReactionsChangedJson>(LiveClient.ReactionsChanged, r => r.Id == message.Id);
        (await facilitator.PostAsync($"/api/v1/messages/{other.Id}/hide", null)).Dispose();
        var hidden = await official.WaitForAsync<MessageJson>(LiveClient.MessageEdited, m => m.Id == other.Id);
        (await cso.DeleteAsync($"/api/v1/messages/{message.Id}")).Dispose();
        var deleted = await official.WaitForAsync<MessageDeletedJson>(LiveClient.MessageDeleted);
        (await facilitator.PostAsync($"/api/v1/threads/{scene.Thread.Id}/lock", null)).Dispose();
        var locked = await official.WaitForAsync<ThreadLockChangedJson>(LiveClient.ThreadLockChanged);

        Assert.Equal(("Final wording.", true), (edited.Body, edited.EditedAt is not null));
        Assert.Equal((scene.Thread.Id, 1), (reactions.ThreadId, reactions.Reactions["thanks"]));
        Assert.Equal((true, "", ""), (hidden.Hidden, hidden.Body, hidden.Html));
        Assert.Equal((scene.Thread.Id, message.Id), (deleted.ThreadId, deleted.Id));
        Assert.Equal((scene.Thread.Id, true), (locked.ThreadId, locked.Locked));
    }

    [SkippableFact]
    public async Task SendMessage_in_a_locked_thread_is_refused()
    {
        var scene = await App.NewSceneAsync();
        await using var cso = await JoinedAsync(DemoUsers.Cso, scene.Thread.Id);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        (await facilitator.PostAsync($"/api/v1/threads/{scene.Thread.Id}/lock", null)).Dispose();

        var refused = await Assert.ThrowsAsync<HubException>(() => cso.SendAsync(scene.Thread.Id, "Too late."));

        Assert.Contains("locked", refused.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Being_mentioned_updates_the_unread_count_on_every_open_connection()
    {
        var scene = await App.NewSceneAsync();
        await using var csoTab1 = await LiveClient.ConnectAsync(App, DemoUsers.Cso);
        await using var csoTab2 = await LiveClient.ConnectAsync(App, DemoUsers.Cso);
        await using var official = await JoinedAsync(DemoUsers.Official, scene.Thread.Id);
        var csoId = await App.UserIdAsync(DemoUsers.Cso);

        await official.SendAsync(scene.Thread.Id, "@Zhang Min can you check the figures?");

        var count1 = await csoTab1.WaitForAsync<NotificationCountJson>(LiveClient.NotificationCountChanged);
        var count2 = await csoTab2.WaitForAsync<NotificationCountJson>(LiveClient.NotificationCountChanged);
        var unread = await App.QueryDatabaseAsync(db => db.Notifications.CountAsync(n => n.UserId == csoId && n.ReadAt == null));
        Assert.Equal((unread, unread), (count1.Unread, count2.Unread));
        Assert.True(unread >= 1);
        Assert.Empty(official.Received<NotificationCountJson>(LiveClient.NotificationCountChanged));
    }

    [SkippableFact]
    public async Task Calling_a_hub_method_with_wrong_arguments_fails_that_call_but_keeps_the_connection()
    {
        var scene = await App.NewSceneAsync();
        await using var cso = await LiveClient.ConnectAsync(App, DemoUsers.Cso);

        await Assert.ThrowsAnyAsync<Exception>(() => cso.Connection.InvokeAsync<JoinResultJson>("JoinThread", "not-a-number"));
        await Assert.ThrowsAnyAsync<Exception>(() => cso.Connection.InvokeAsync<MessageJson>("SendMessage", scene.Thread.Id, null, null, null));
        await Assert.ThrowsAnyAsync<Exception>(() => cso.Connection.InvokeAsync("NoSuchMethod"));

        Assert.Equal(scene.Thread.Id, (await cso.JoinAsync(scene.Thread.Id)).ThreadId);
    }

    private static HashSet<string> Names(PresenceJson presence) => presence.Users.Select(u => u.DisplayName).ToHashSet(StringComparer.Ordinal);
}

[Collection(SqliteLiveFixture.Collection)]
public sealed class DiscussionHubTestsOnSqlite(SqliteLiveFixture fixture) : DiscussionHubTests(fixture);

[Collection(PostgresLiveFixture.Collection)]
public sealed class DiscussionHubTestsOnPostgres(PostgresLiveFixture fixture) : DiscussionHubTests(fixture);
