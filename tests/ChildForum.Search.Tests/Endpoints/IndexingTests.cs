using System.Net.Http.Json;
using ChildForum.Search.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Search.Tests.Endpoints;

/// <summary>Content published through the API becomes searchable (within the contract's 2 s; the tests wait up to 10 s),
/// links to the exact place it is shown, and follows edits, deletions, moderation and new versions.</summary>
public abstract class IndexingTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private static readonly TimeSpan Precision = TimeSpan.FromMilliseconds(1);

    [SkippableFact]
    public async Task Thread_and_its_messages_are_found_with_links_to_the_thread_and_to_each_message()
    {
        var scene = await App.NewSearchSceneAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var (inTitle, inOpening, inReply) = (Words.New(), Words.New(), Words.New());
        var thread = await facilitator.StartThreadAsync(scene.Id, $"Boarding schools {inTitle}", $"How do boarding schools {inOpening} their pupils?");
        var reply = await cso.PostMessageAsync(thread.Id, $"Our centre {inReply} two schools.");

        var opening = await cso.SearchUntilFoundAsync(SearchApi.Url(inOpening), count: 2);
        var replies = await cso.SearchUntilFoundAsync(SearchApi.Url(inReply), count: 1);
        var byTitle = await cso.SearchUntilFoundAsync(SearchApi.Url(inTitle), count: 3);

        var threadHit = Assert.Single(opening.Items, i => i.Type == "thread");
        Assert.Equal((Ids.Text(thread.Id), $"/groups/{scene.Slug}/threads/{thread.Id}", thread.Title), (threadHit.IdText, threadHit.Url, threadHit.Title));
        var firstMessage = Assert.Single(opening.Items, i => i.Type == "message");
        Assert.Equal($"/groups/{scene.Slug}/threads/{thread.Id}#m1", firstMessage.Url);
        var hit = Assert.Single(replies.Items);
        Assert.Equal(("message", Ids.Text(reply.Id), $"/groups/{scene.Slug}/threads/{thread.Id}#m{reply.Seq}", thread.Title, "en"), (hit.Type, hit.IdText, hit.Url, hit.Title, hit.Language));
        Assert.Equal((Ids.Text(scene.Id), scene.Slug, scene.Group.Name), (Ids.Text(hit.Group.Id), hit.Group.Slug, hit.Group.Name));
        Assert.Equal(reply.CreatedAt, hit.Date, Precision);
        Assert.Contains($"<mark>{inReply}</mark>", hit.Snippet, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, long> { ["message"] = 1 }, replies.Facets.Type);
        Assert.Equal(new Dictionary<string, long> { [scene.Slug] = 1 }, replies.Facets.Group);
        Assert.Equal(new Dictionary<string, long> { ["cso"] = 1 }, replies.Facets.Stakeholder);
        Assert.Equal(new Dictionary<string, long> { [reply.CreatedAt.UtcDateTime.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)] = 1 }, replies.Facets.Year);
        Assert.Equal(["message", "message", "thread"], byTitle.Items.Select(i => i.Type).Order());
    }

    [SkippableFact]
    public async Task Chinese_message_is_found_by_a_chinese_word_inside_it_and_marked_in_the_snippet()
    {
        var scene = await App.NewSearchSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var word = Words.New();
        var thread = await cso.StartThreadAsync(scene.Id, "寄宿制学校的课后关爱", $"很多留守儿童在寄宿制学校就读，周末和晚上缺少陪伴。{word}");

        var result = await cso.SearchUntilFoundAsync(SearchApi.Url($"儿童 {word}"), count: 2);

        Assert.All(result.Items, i => Assert.Equal("zh-Hans", i.Language));
        Assert.All(result.Items, i => Assert.Contains("<mark>儿童</mark>", i.Snippet, StringComparison.Ordinal));
        Assert.Equal(2, (await cso.SearchAsync($"留守儿童 {word}", ("lang", "zh-Hans"))).Total);
        Assert.Equal(0, (await cso.SearchAsync($"留守儿童 {word}", ("lang", "en"))).Total);
        Assert.Equal(thread.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Items.Single(i => i.Type == "thread").IdText);
    }

    [SkippableFact]
    public async Task Language_filter_takes_the_tag_in_any_letter_case()
    {
        // BCP 47 tags are case-insensitive (RFC 5646, 2.1.1): lang=zh-hans means zh-Hans.
        var scene = await App.NewSearchSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var word = Words.New();
        await cso.StartThreadAsync(scene.Id, "寄宿制学校", $"留守儿童的课后关爱。{word}");
        var exact = await cso.SearchUntilFoundAsync(SearchApi.Url(word, ("lang", "zh-Hans")), count: 2);

        var lower = await cso.SearchAsync(word, ("lang", "zh-hans"));
        var upper = await cso.SearchAsync(word, ("lang", "ZH-HANS"));

        Assert.Equal((exact.Total, exact.Total), (lower.Total, upper.Total));
    }

    [SkippableFact]
    public async Task Query_in_plain_english_with_common_words_finds_the_message()
    {
        var scene = await App.NewSearchSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var word = Words.New();
        var thread = await cso.StartThreadAsync(scene.Id, Unique.Name("Thread"), "Opening.");
        await cso.PostMessageAsync(thread.Id, $"The {word} of the township is open for the children.");
        await cso.SearchUntilFoundAsync(SearchApi.Url($"{word} township"), count: 1);

        var result = await cso.SearchAsync($"the {word} of the township");

        Assert.True(result.Total == 1, $"Searching 'the {word} of the township' found {result.Total}; '{word} township' finds the message.");
    }

    [SkippableFact]
    public async Task Message_snippet_escapes_markup_from_the_message()
    {
        var scene = await App.NewSearchSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var word = Words.New();
        var thread = await cso.StartThreadAsync(scene.Id, Unique.Name("Thread"), "Opening.");
        await cso.PostMessageAsync(thread.Id, $"<script>alert(1)</script> & <img src=x onerror=alert(2)> {word}");

        var hit = Assert.Single((await cso.SearchUntilFoundAsync(SearchApi.Url(word), count: 1)).Items);

        Assert.Contains($"<mark>{word}</mark>", hit.Snippet, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", hit.Snippet, StringComparison.Ordinal);
        Assert.Contains("&amp;", hit.Snippet, StringComparison.Ordinal);
        var unmarked = hit.Snippet.Replace("<mark>", "", StringComparison.Ordinal).Replace("</mark>", "", StringComparison.Ordinal);
        Assert.DoesNotContain("<", unmarked, StringComparison.Ordinal);
        Assert.DoesNotContain(">", unmarked, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Draft_paragraphs_are_found_with_links_to_their_anchors()
    {
        var scene = await App.NewSearchSceneAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var (first, second) = (Words.New(), Words.New());
        var draft = await facilitator.CreateDraftAsync(scene.Id, Unique.Name("Recommendation"),
            $"# Recommendation\n\nEach director attends a {first} training.\n\nThe township names a {second} contact.");
        var blocks = (await cso.DraftAsync(draft.Id)).Blocks;

        var result = await cso.SearchUntilFoundAsync(SearchApi.Url(second), count: 1);

        var hit = Assert.Single(result.Items);
        Assert.Equal(("draft", Ids.Text(draft.Id), draft.Title, $"/groups/{scene.Slug}/drafts/{draft.Id}#{blocks[2].Anchor}"), (hit.Type, hit.IdText, hit.Title, hit.Url));
        Assert.Contains($"<mark>{second}</mark>", hit.Snippet, StringComparison.Ordinal);
        Assert.DoesNotContain(first, hit.Snippet, StringComparison.Ordinal);
        var other = Assert.Single((await cso.SearchAsync(first)).Items);
        Assert.Equal($"/groups/{scene.Slug}/drafts/{draft.Id}#{blocks[1].Anchor}", other.Url);
    }

    [SkippableFact]
    public async Task Meeting_and_its_agenda_items_are_found_with_links_to_the_meeting_and_each_item()
    {
        var scene = await App.NewSearchSceneAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var (inTitle, inItem, inNotes) = (Words.New(), Words.New(), Words.New());
        var meeting = await facilitator.CreateMeetingAsync(scene.Id, $"Working group meeting {inTitle}",
            [($"Training {inItem} of directors", null, null), ("Next steps", null, $"Bring the {inNotes} figures.")], daysAgo: -7);
        await facilitator.PublishAgendaAsync(meeting.Id);
        var items = (await cso.MeetingAsync(meeting.Id)).Agenda!;

        var byItem = await cso.SearchUntilFoundAsync(SearchApi.Url(inItem), count: 1);
        var byNotes = await cso.SearchUntilFoundAsync(SearchApi.Url(inNotes), count: 1);
        var byTitle = await cso.SearchUntilFoundAsync(SearchApi.Url(inTitle, ("type", "meeting")), patience: SearchApi.IndexingPatience);

        var hit = Assert.Single(byItem.Items);
        var item = items.Single(i => i.Title.Contains(inItem, StringComparison.Ordinal));
        Assert.Equal(("meeting", Ids.Text(meeting.Id), meeting.Title, $"/groups/{scene.Slug}/meetings/{meeting.Id}#item-{item.Id}"), (hit.Type, hit.IdText, hit.Title, hit.Url));
        Assert.Equal($"/groups/{scene.Slug}/meetings/{meeting.Id}#item-{items.Single(i => i.Title == "Next steps").Id}", Assert.Single(byNotes.Items).Url);
        Assert.Contains(byTitle.Items, i => i.Url == $"/groups/{scene.Slug}/meetings/{meeting.Id}");
        Assert.All(byTitle.Items, i => Assert.StartsWith($"/groups/{scene.Slug}/meetings/{meeting.Id}", i.Url, StringComparison.Ordinal));
    }

    /// <summary>An agenda item's snippet reads as the meeting page writes the item, "Title · Presenter", and its notes
    /// after them (a paragraph of their own; a snippet writes a paragraph break as a space): joined by a line break
    /// alone, the title and the presenter's organisation ran together ("Plan for the training in spring Riverside
    /// District Civil Affairs Bureau").</summary>
    [SkippableFact]
    public async Task Agenda_item_snippet_separates_the_title_from_the_presenter_and_the_notes()
    {
        var scene = await App.NewSearchSceneAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var word = Words.New();
        var meeting = await facilitator.CreateMeetingAsync(scene.Id, Unique.Name("Meeting"),
            [($"Plan for the {word} in spring", "Riverside District Civil Affairs Bureau", "Bring the budget.")], daysAgo: -7);
        await facilitator.PublishAgendaAsync(meeting.Id);

        var hit = Assert.Single((await cso.SearchUntilFoundAsync(SearchApi.Url(word), count: 1)).Items);

        var snippet = System.Net.WebUtility.HtmlDecode(hit.Snippet);
        Assert.True(snippet.Contains($"Plan for the <mark>{word}</mark> in spring · Riverside District Civil Affairs Bureau", StringComparison.Ordinal), snippet);
        Assert.EndsWith("Bureau Bring the budget.", snippet, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Published_minutes_are_found_with_a_link_to_the_minutes()
    {
        var scene = await App.NewSearchSceneAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var (draftOnly, published) = (Words.New(), Words.New());
        var meeting = await facilitator.CreateMeetingAsync(scene.Id, Unique.Name("Meeting"), [("Welcome", null, null)], daysAgo: 2);
        await facilitator.PublishAgendaAsync(meeting.Id);
        using (var saved = await facilitator.PutAsJsonAsync($"/api/v1/meetings/{meeting.Id}/minutes", new { body = $"Draft words {draftOnly}.", attribution = "named" }))
        {
            await saved.AssertSuccessAsync();
        }

        await facilitator.PublishMinutesAsync(meeting.Id, $"The group agreed to a {published} pilot.");

        var hit = Assert.Single((await cso.SearchUntilFoundAsync(SearchApi.Url(published), count: 1)).Items);
        Assert.Equal(("minutes", Ids.Text(meeting.Id), $"/groups/{scene.Slug}/meetings/{meeting.Id}#minutes"), (hit.Type, hit.IdText, hit.Url));
        Assert.Contains($"<mark>{published}</mark>", hit.Snippet, StringComparison.Ordinal);
        // The minutes' draft is for facilitators only: members never find its words.
        var memberView = await cso.SearchAsync(draftOnly);
        Assert.Equal(0, memberView.Total);
    }

    [SkippableFact]
    public async Task Minutes_follow_the_attendance_in_the_stakeholder_filter()
    {
        var scene = await App.NewSearchSceneAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var word = Words.New();
        var meeting = await facilitator.CreateMeetingAsync(scene.Id, Unique.Name("Meeting"), [("Welcome", null, null)], daysAgo: 2);
        await facilitator.PublishAgendaAsync(meeting.Id);
        await facilitator.PublishMinutesAsync(meeting.Id, $"The group agreed to a {word} pilot.");
        await cso.SearchUntilFoundAsync(SearchApi.Url(word, ("type", "minutes")), count: 1);
        Assert.Equal(0, (await cso.SearchAsync(word, ("stakeholder", "government"))).Total);

        var official = await App.UserIdAsync(DemoUsers.Official);
        using (var attendance = await facilitator.PutAsJsonAsync($"/api/v1/meetings/{meeting.Id}/attendance", new[] { new { userId = official, status = "present" } }))
        {
            await attendance.AssertSuccessAsync();
        }

        var byOfficials = await cso.SearchUntilFoundAsync(SearchApi.Url(word, ("stakeholder", "government")), count: 1);
        Assert.Equal("minutes", Assert.Single(byOfficials.Items).Type);
        Assert.Equal(new Dictionary<string, long> { ["government"] = 1 }, byOfficials.Facets.Stakeholder);
    }

    // ---- Changes -------------------------------------------------------------------------------

    [SkippableFact]
    public async Task Edited_message_is_found_by_its_new_words_and_no_longer_by_the_old()
    {
        var scene = await App.NewSearchSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var (before, after) = (Words.New(), Words.New());
        var thread = await cso.StartThreadAsync(scene.Id, Unique.Name("Thread"), "Opening.");
        var message = await cso.PostMessageAsync(thread.Id, $"First wording {before}.");
        await cso.SearchUntilFoundAsync(SearchApi.Url(before), count: 1);

        await cso.EditMessageAsync(message.Id, $"Second wording {after}.");

        var found = await cso.SearchUntilFoundAsync(SearchApi.Url(after), count: 1);
        await cso.SearchUntilGoneAsync(SearchApi.Url(before));
        Assert.Equal(Ids.Text(message.Id), Assert.Single(found.Items).IdText);
        Assert.Equal($"/groups/{scene.Slug}/threads/{thread.Id}#m{message.Seq}", found.Items[0].Url);
    }

    [SkippableFact]
    public async Task Edited_opening_message_changes_the_thread_too()
    {
        var scene = await App.NewSearchSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var (before, after) = (Words.New(), Words.New());
        var thread = await cso.StartThreadAsync(scene.Id, Unique.Name("Thread"), $"Opening {before}.");
        await cso.SearchUntilFoundAsync(SearchApi.Url(before), count: 2);
        var opening = (await cso.GetFromJsonAsync<MessagePage>($"/api/v1/threads/{thread.Id}/messages?after=0&limit=1"))!.Items.Single();

        await cso.EditMessageAsync(opening.Id, $"Opening {after}.");

        var found = await cso.SearchUntilFoundAsync(SearchApi.Url(after), count: 2);
        await cso.SearchUntilGoneAsync(SearchApi.Url(before));
        Assert.Equal(["message", "thread"], found.Items.Select(i => i.Type).Order());
    }

    [SkippableFact]
    public async Task Deleted_message_disappears_from_search()
    {
        var scene = await App.NewSearchSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var (kept, deleted) = (Words.New(), Words.New());
        var thread = await cso.StartThreadAsync(scene.Id, Unique.Name("Thread"), "Opening.");
        await cso.PostMessageAsync(thread.Id, $"Kept {kept}.");
        var message = await cso.PostMessageAsync(thread.Id, $"Regretted {deleted}.");
        await cso.SearchUntilFoundAsync(SearchApi.Url(deleted), count: 1);

        await cso.DeleteMessageAsync(message.Id);

        await cso.SearchUntilGoneAsync(SearchApi.Url(deleted));
        await facilitator.SearchUntilGoneAsync(SearchApi.Url(deleted));
        Assert.Equal(1, (await cso.SearchAsync(kept)).Total);
    }

    [SkippableFact]
    public async Task Deleted_opening_message_leaves_the_thread_findable_by_its_title_only()
    {
        var scene = await App.NewSearchSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var (inTitle, inBody) = (Words.New(), Words.New());
        var thread = await cso.StartThreadAsync(scene.Id, $"Thread {inTitle}", $"Opening {inBody}.");
        await cso.SearchUntilFoundAsync(SearchApi.Url(inBody), count: 2);
        var opening = (await cso.GetFromJsonAsync<MessagePage>($"/api/v1/threads/{thread.Id}/messages?after=0&limit=1"))!.Items.Single();

        await cso.DeleteMessageAsync(opening.Id);

        await cso.SearchUntilGoneAsync(SearchApi.Url(inBody));
        var byTitle = await cso.SearchAsync(inTitle);
        Assert.Equal("thread", Assert.Single(byTitle.Items).Type);
        Assert.DoesNotContain(inBody, SearchApi.Visible(byTitle), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Hidden_message_disappears_from_search_and_comes_back_when_shown_again()
    {
        var scene = await App.NewSearchSceneAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var word = Words.New();
        var thread = await facilitator.StartThreadAsync(scene.Id, Unique.Name("Thread"), "Opening.");
        var message = await cso.PostMessageAsync(thread.Id, $"Something to moderate {word}.");
        await cso.SearchUntilFoundAsync(SearchApi.Url(word), count: 1);

        await facilitator.HideMessageAsync(message.Id);

        await cso.SearchUntilGoneAsync(SearchApi.Url(word));
        await facilitator.SearchUntilGoneAsync(SearchApi.Url(word));

        using (var unhidden = await facilitator.PostAsync($"/api/v1/messages/{message.Id}/unhide", null))
        {
            await unhidden.AssertSuccessAsync();
        }

        Assert.Equal(Ids.Text(message.Id), Assert.Single((await cso.SearchUntilFoundAsync(SearchApi.Url(word), count: 1)).Items).IdText);
    }

    [SkippableFact]
    public async Task New_draft_version_replaces_the_old_paragraphs()
    {
        var scene = await App.NewSearchSceneAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var (removed, kept, added, shared) = (Words.New(), Words.New(), Words.New(), Words.New());
        var draft = await facilitator.CreateDraftAsync(scene.Id, Unique.Name("Recommendation"),
            $"Paragraph to remove {removed} {shared}.\n\nParagraph to keep {kept} {shared}.");
        var keptAnchor = (await cso.DraftAsync(draft.Id)).Blocks[1].Anchor;
        await cso.SearchUntilFoundAsync(SearchApi.Url(shared), count: 2);

        await facilitator.AddVersionAsync(draft.Id, $"Paragraph to keep {kept} {shared}.\n\nA new paragraph {added} {shared}.");

        var found = await cso.SearchUntilFoundAsync(SearchApi.Url(added), count: 1);
        await cso.SearchUntilGoneAsync(SearchApi.Url(removed));
        var newAnchor = (await cso.DraftAsync(draft.Id)).Blocks[1].Anchor;
        Assert.Equal($"/groups/{scene.Slug}/drafts/{draft.Id}#{newAnchor}", Assert.Single(found.Items).Url);
        var keptHit = Assert.Single((await cso.SearchAsync(kept)).Items);
        Assert.Equal($"/groups/{scene.Slug}/drafts/{draft.Id}#{keptAnchor}", keptHit.Url);
        var all = await cso.SearchAsync(shared);
        Assert.Equal(2, all.Total);
        Assert.Equal(new Dictionary<string, long> { ["draft"] = 2 }, all.Facets.Type);
    }

    [SkippableFact]
    public async Task Withdrawn_draft_disappears_from_search()
    {
        var scene = await App.NewSearchSceneAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var word = Words.New();
        var draft = await facilitator.CreateDraftAsync(scene.Id, Unique.Name("Recommendation"), $"A paragraph {word}.");
        await facilitator.SearchUntilFoundAsync(SearchApi.Url(word), count: 1);

        await facilitator.SetDraftStatusAsync(draft.Id, "withdrawn");

        await facilitator.SearchUntilGoneAsync(SearchApi.Url(word));
    }

    private sealed record MessagePage(List<MessageJson> Items);
}

[Collection(SearchSqliteFixture.Collection)]
public sealed class IndexingTestsOnSqlite(SearchSqliteFixture fixture) : IndexingTests(fixture);

[Collection(SearchPostgresFixture.Collection)]
public sealed class IndexingTestsOnPostgres(SearchPostgresFixture fixture) : IndexingTests(fixture);
