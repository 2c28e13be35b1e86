using System.Net.Http.Json;
using ChildForum.Search.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Search.Tests.Endpoints;

/// <summary>Search never tells anyone about content they may not read: not in items, not in <c>total</c>, not in a facet,
/// not in a snippet (shared/API.md, Conventions). Unpublished agendas are for the group's facilitators; Chatham House
/// minutes carry no names into the index.</summary>
public abstract class PermissionTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    /// <summary>A members-only group holding a thread (with a reply), a draft, a meeting with a published agenda and
    /// published minutes, all with <paramref name="secret"/> and <paramref name="shared"/>; returns how many hits a member gets.</summary>
    private async Task<(SearchScene Scene, int Hits)> ClosedGroupWithEverythingAsync(string secret, string shared)
    {
        var scene = await App.NewSearchSceneAsync("members");
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var thread = await facilitator.StartThreadAsync(scene.Id, $"Referral cases {secret}", $"Case notes on the referral of a child, {shared}.");
        await cso.PostMessageAsync(thread.Id, $"Our caseworker {secret} followed up, {shared}.");
        await facilitator.CreateDraftAsync(scene.Id, Unique.Name("Procedure"), $"Every {secret} case is referred within a day, {shared}.");
        var meeting = await facilitator.CreateMeetingAsync(scene.Id, Unique.Name("Case conference"), [($"Case {secret} {shared}", null, null)], daysAgo: 1);
        await facilitator.PublishAgendaAsync(meeting.Id);
        await facilitator.PublishMinutesAsync(meeting.Id, $"The conference discussed case {secret}, {shared}.");
        // thread + opening message + reply + draft paragraph + agenda item + minutes.
        return (scene, 6);
    }

    [SkippableFact]
    public async Task Members_only_content_is_found_by_members_and_is_nowhere_in_the_answer_for_outsiders_and_anonymous_visitors()
    {
        var (secret, shared) = (Words.New(), Words.New());
        var (closed, hits) = await ClosedGroupWithEverythingAsync(secret, shared);
        var open = await App.NewSearchSceneAsync("public");
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        await facilitator.StartThreadAsync(open.Id, Unique.Name("Open thread"), $"Public words, {shared}.");
        using var member = await App.ClientForAsync(DemoUsers.Cso);
        using var observer = await App.ClientForAsync(DemoUsers.Researcher);
        using var business = await App.ClientForAsync(DemoUsers.Business);
        using var outsider = await App.ClientForAsync(DemoUsers.Outsider);
        using var anonymous = App.CreateAnonymousClient();

        var forMember = await member.SearchUntilFoundAsync(SearchApi.Url(secret), count: hits);
        await member.SearchUntilFoundAsync(SearchApi.Url(shared), count: hits + 2);

        Assert.Equal(["draft", "meeting", "message", "minutes", "thread"], forMember.Facets.Type.Keys.Order());
        Assert.Equal(hits, (await observer.SearchAsync(secret)).Total);
        foreach (var (name, client) in new[] { ("a signed-in non-member", business), ("a user in no group", outsider), ("an anonymous visitor", anonymous) })
        {
            foreach (var sort in new[] { "relevance", "date" })
            {
                var bySecret = await client.SearchAsync(secret, ("sort", sort));
                Assert.True(bySecret.Total == 0 && bySecret.Items.Count == 0 && bySecret.Facets.IsEmpty,
                    $"Search for a members-only word by {name} answered:{Environment.NewLine}{SearchApi.Describe(bySecret)}");

                var byShared = await client.SearchAsync(shared, ("sort", sort));
                Assert.Equal(2, byShared.Total);
                Assert.All(byShared.Items, i => Assert.Equal(open.Slug, i.Group.Slug));
                Assert.Equal(new Dictionary<string, long> { [open.Slug] = 2 }, byShared.Facets.Group);
                Assert.Equal(2, byShared.Facets.Type.Values.Sum());
                Assert.Equal(2, byShared.Facets.Year.Values.Sum());
                Assert.DoesNotContain(secret, SearchApi.Visible(byShared), StringComparison.Ordinal);
                Assert.DoesNotContain(closed.Slug, SearchApi.Visible(byShared), StringComparison.Ordinal);
            }
            foreach (var type in new[] { "thread", "message", "draft", "meeting", "minutes" })
            {
                Assert.Equal(0, (await client.SearchAsync(secret, ("type", type))).Total);
            }
            Assert.Equal(0, (await client.SearchAsync($"{secret} OR {shared}", ("group", closed.Slug))).Total);
            Assert.Equal(0, (await client.SearchAsync($"{secret}*")).Total);
        }
    }

    [SkippableFact]
    public async Task Removed_member_no_longer_finds_the_groups_content()
    {
        var scene = await App.NewSearchSceneAsync("members", (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Cso, "member"), (DemoUsers.Official, "member"));
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var official = await App.ClientForAsync(DemoUsers.Official);
        var word = Words.New();
        await facilitator.StartThreadAsync(scene.Id, Unique.Name("Thread"), $"Members only, {word}.");
        await official.SearchUntilFoundAsync(SearchApi.Url(word), count: 2);
        var officialId = await App.UserIdAsync(DemoUsers.Official);

        using (var removed = await facilitator.DeleteAsync($"/api/v1/groups/{scene.Id}/members/{officialId}"))
        {
            await removed.AssertSuccessAsync();
        }

        var result = await official.SearchAsync(word);
        Assert.True(result.Total == 0 && result.Items.Count == 0 && result.Facets.IsEmpty, SearchApi.Describe(result));
    }

    [SkippableFact]
    public async Task Public_group_made_members_only_disappears_from_outsiders_searches_at_once()
    {
        var scene = await App.NewSearchSceneAsync("public");
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var admin = await App.ClientForAsync(DemoUsers.Admin);
        using var anonymous = App.CreateAnonymousClient();
        using var outsider = await App.ClientForAsync(DemoUsers.Outsider);
        var word = Words.New();
        await facilitator.StartThreadAsync(scene.Id, Unique.Name("Thread"), $"Soon closed, {word}.");
        await anonymous.SearchUntilFoundAsync(SearchApi.Url(word), count: 2);

        using (var changed = await admin.PatchAsJsonAsync($"/api/v1/groups/{scene.Id}", new { visibility = "members" }))
        {
            await changed.AssertSuccessAsync();
        }

        foreach (var client in new[] { anonymous, outsider })
        {
            var result = await client.SearchAsync(word);
            Assert.True(result.Total == 0 && result.Items.Count == 0 && result.Facets.IsEmpty, SearchApi.Describe(result));
        }
        Assert.Equal(2, (await facilitator.SearchAsync(word)).Total);
    }

    [SkippableFact]
    public async Task Group_the_caller_cannot_read_answers_200_with_nothing_like_a_group_that_does_not_exist()
    {
        using var outsider = await App.ClientForAsync(DemoUsers.Outsider);
        using var anonymous = App.CreateAnonymousClient();
        using var member = await App.ClientForAsync(DemoUsers.Cso);
        var closedId = (await member.GetFromJsonAsync<GroupJson>($"/api/v1/groups/{DemoGroups.ChildProtectionAlliance}"))!.Id;
        var forMember = await member.SearchUntilFoundAsync(SearchApi.Url("referral OR case OR children OR 儿童", ("group", DemoGroups.ChildProtectionAlliance)));
        Assert.All(forMember.Items, i => Assert.Equal(DemoGroups.ChildProtectionAlliance, i.Group.Slug));

        foreach (var client in new[] { outsider, anonymous })
        {
            foreach (var group in new[] { DemoGroups.ChildProtectionAlliance, closedId.ToString(System.Globalization.CultureInfo.InvariantCulture), "no-such-group-" + Unique.Suffix(), "999999" })
            {
                using var response = await client.GetAsync(SearchApi.Url("referral OR case OR children OR 儿童", ("group", group)));
                var result = await response.ReadJsonAsync<SearchResultJson>();
                Assert.True(result.Total == 0 && result.Items.Count == 0 && result.Facets.IsEmpty, $"group={group}: {SearchApi.Describe(result)}");
            }
        }
    }

    [SkippableFact]
    public async Task Unpublished_agenda_is_found_by_the_groups_facilitator_and_not_by_its_members_until_published()
    {
        var scene = await App.NewSearchSceneAsync("public");
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var member = await App.ClientForAsync(DemoUsers.Cso);
        using var anonymous = App.CreateAnonymousClient();
        var (inItem, inNotes) = (Words.New(), Words.New());
        var meeting = await facilitator.CreateMeetingAsync(scene.Id, Unique.Name("Planning meeting"),
            [($"Sensitive item {inItem}", null, $"Notes {inNotes}")], daysAgo: -10);

        var forFacilitator = await facilitator.SearchUntilFoundAsync(SearchApi.Url(inItem), count: 1);
        Assert.Equal($"/groups/{scene.Slug}/meetings/{meeting.Id}#item-{meeting.Agenda!.Single(i => !i.ReviewsActions).Id}", forFacilitator.Items[0].Url);
        Assert.Equal(1, (await facilitator.SearchAsync(inNotes)).Total);
        foreach (var client in new[] { member, anonymous })
        {
            foreach (var word in new[] { inItem, inNotes })
            {
                var hidden = await client.SearchAsync(word);
                Assert.True(hidden.Total == 0 && hidden.Items.Count == 0 && hidden.Facets.IsEmpty, SearchApi.Describe(hidden));
            }
        }

        await facilitator.PublishAgendaAsync(meeting.Id);

        await member.SearchUntilFoundAsync(SearchApi.Url(inItem), count: 1);
        await anonymous.SearchUntilFoundAsync(SearchApi.Url(inNotes), count: 1);
    }

    [SkippableFact]
    public async Task Chatham_house_minutes_are_found_by_their_words_but_not_by_a_participants_name_or_organisation()
    {
        // Display names from the demo recipe: cso is "Zhang Min" of "Sunflower Children's Service Centre", official is
        // "Wang Jun" of "Riverside District Civil Affairs Bureau".
        var scene = await App.NewSearchSceneAsync("members", (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Cso, "member"), (DemoUsers.Official, "member"));
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var member = await App.ClientForAsync(DemoUsers.Cso);
        var word = Words.New();
        var meeting = await facilitator.CreateMeetingAsync(scene.Id, Unique.Name("Closed conference"),
            [($"Pilot {word}", "Zhang Min", "Wang Jun from Riverside District Civil Affairs Bureau reports.")], daysAgo: 1);
        await facilitator.PublishAgendaAsync(meeting.Id);

        var minutes = await facilitator.PublishMinutesAsync(meeting.Id,
            $"@Zhang Min said the {word} pilot works. Wang Jun of Riverside District Civil Affairs Bureau agreed; Sunflower Children's Service Centre will report.",
            "chatham-house");

        Assert.DoesNotContain("Zhang", minutes.Body, StringComparison.Ordinal);
        var found = await member.SearchUntilAsync(SearchApi.Url(word, ("type", "minutes")), r => r.Total == 1, "the minutes");
        Assert.DoesNotContain("Zhang", found.Items[0].Snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("Wang", found.Items[0].Snippet, StringComparison.Ordinal);
        // The agenda was indexed with names before the minutes made the meeting Chatham House; wait for its new reading.
        await member.SearchUntilAsync(SearchApi.Url("Zhang", ("group", scene.Slug)), r => r.Total == 0, "no hits for the name in the group");
        foreach (var client in new[] { member, facilitator })
        {
            foreach (var name in new[] { "Zhang", "Zhang Min", "\"Zhang Min\"", "Wang Jun", "Wang", "Riverside", "Sunflower", "\"Civil Affairs Bureau\"", "zhang*" })
            {
                var result = await client.SearchAsync(name, ("group", scene.Slug));
                Assert.True(result.Total == 0 && result.Items.Count == 0, $"Searching '{name}' in a Chatham House meeting's group found:{Environment.NewLine}{SearchApi.Describe(result)}");
                var everywhere = await client.SearchAsync($"{name} {word}");
                Assert.True(everywhere.Total == 0, $"Searching '{name} {word}' found:{Environment.NewLine}{SearchApi.Describe(everywhere)}");
            }
        }
        foreach (var item in (await member.SearchAsync(word)).Items)
        {
            Assert.DoesNotContain("Zhang", item.Snippet, StringComparison.Ordinal);
            Assert.DoesNotContain("Riverside", item.Snippet, StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public async Task Group_facet_keys_are_slugs_and_items_carry_their_group()
    {
        var first = await App.NewSearchSceneAsync();
        var second = await App.NewSearchSceneAsync("public");
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var member = await App.ClientForAsync(DemoUsers.Cso);
        var word = Words.New();
        await facilitator.StartThreadAsync(first.Id, Unique.Name("Thread"), $"One {word}.");
        var thread = await facilitator.StartThreadAsync(second.Id, Unique.Name("Thread"), $"Two {word}.");
        await facilitator.PostMessageAsync(thread.Id, $"Three {word}.");

        var result = await member.SearchUntilFoundAsync(SearchApi.Url(word), count: 5);

        Assert.Equal(new Dictionary<string, long> { [first.Slug] = 2, [second.Slug] = 3 }, result.Facets.Group);
        Assert.All(result.Items, i => Assert.StartsWith($"/groups/{i.Group.Slug}/", i.Url, StringComparison.Ordinal));
        Assert.Equal(2, result.Items.Count(i => Ids.Text(i.Group.Id) == Ids.Text(first.Id) && i.Group.Slug == first.Slug && i.Group.Name == first.Group.Name));
        var filtered = await member.SearchAsync(word, ("group", second.Slug));
        Assert.Equal(3, filtered.Total);
        Assert.Equal(new Dictionary<string, long> { [second.Slug] = 3 }, filtered.Facets.Group);
        Assert.Equal(3, (await member.SearchAsync(word, ("group", Ids.Text(second.Id)))).Total);
    }
}

[Collection(SearchSqliteFixture.Collection)]
public sealed class PermissionTestsOnSqlite(SearchSqliteFixture fixture) : PermissionTests(fixture);

[Collection(SearchPostgresFixture.Collection)]
public sealed class PermissionTestsOnPostgres(SearchPostgresFixture fixture) : PermissionTests(fixture);
