using System.Net;
using ChildForum.Meetings.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Meetings.Tests.Endpoints;

/// <summary>Minutes: a draft only facilitators see, published as immutable, attributed versions; corrections make new
/// versions and keep the old ones; nothing is published before the meeting or without a draft.</summary>
public abstract class MinutesTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private const string Body = "## Welcome\n\n@Zhang Min opened the meeting.\n\n## Findings\n\n@Wang Jun presented the survey.";

    [SkippableTheory]
    [InlineData(DemoUsers.Cso)]
    [InlineData(DemoUsers.Researcher)]
    public async Task Members_and_observers_may_not_write_or_publish_minutes(string user)
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id);
        using var client = await App.ClientForAsync(user);

        using var save = await client.SendMinutesAsync(meeting.Id, Body);
        await facilitator.SaveMinutesAsync(meeting.Id, Body);
        using var publish = await client.SendPublishMinutesAsync(meeting.Id);

        await save.ReadProblemAsync(HttpStatusCode.Forbidden);
        await publish.ReadProblemAsync(HttpStatusCode.Forbidden);
        var read = await facilitator.MeetingAsync(meeting.Id);
        Assert.Equal((null, false), (read.Minutes!.Version, read.MinutesPublished));
    }

    [SkippableTheory]
    [InlineData(DemoUsers.Cso)]
    [InlineData(DemoUsers.Researcher)]
    [InlineData(null)]
    public async Task Readers_do_not_see_the_draft_only_facilitators_do(string? user)
    {
        var group = await App.NewGroupAsync("public");
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id);
        var secret = Unique.Name("Unpublished remark");

        using var save = await facilitator.SendMinutesAsync(meeting.Id, Body + "\n\n" + secret);
        var draft = await save.ReadJsonAsync<MinutesDraftJson>();

        Assert.Equal((Body + "\n\n" + secret, "named", true), (draft.Body, draft.Attribution, draft.ChangedSincePublished));
        using var reader = user is null ? App.CreateAnonymousClient() : await App.ClientForAsync(user);
        using var response = await reader.GetAsync($"/api/v1/meetings/{meeting.Id}").WaitAsync(MeetingApi.Patience);
        var raw = await response.Content.ReadAsStringAsync();
        var read = await response.ReadJsonAsync<MeetingJson>();
        Assert.True(read.Minutes is null || (read.Minutes.Draft is null && read.Minutes.Body is null), $"A reader got minutes: {raw}");
        Assert.DoesNotContain(secret, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await reader.TextAsync($"/groups/{group.Slug}/meetings/{meeting.Id}"), StringComparison.Ordinal);
        var forFacilitator = (await facilitator.MeetingAsync(meeting.Id)).Minutes!;
        Assert.Equal(Body + "\n\n" + secret, forFacilitator.Draft!.Body);
        Assert.Null(forFacilitator.Version);
    }

    [SkippableFact]
    public async Task Publishing_makes_version_1_attributed_by_name_and_publishing_it_again_unchanged_is_409()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id);
        await facilitator.SaveMinutesAsync(meeting.Id, Body);

        using var publish = await facilitator.SendPublishMinutesAsync(meeting.Id);
        var minutes = await publish.ReadJsonAsync<MinutesJson>();
        using var again = await facilitator.SendPublishMinutesAsync(meeting.Id);

        Assert.Equal((1, "named", "en"), (minutes.Version, minutes.Attribution, minutes.Language));
        Assert.Contains("**Zhang Min** (Sunflower Children's Service Centre) opened the meeting.", minutes.Body, StringComparison.Ordinal);
        Assert.Contains("<strong>Wang Jun</strong>", minutes.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("@Zhang Min", minutes.Body, StringComparison.Ordinal);
        await again.ReadProblemAsync(HttpStatusCode.Conflict);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var read = await cso.MeetingAsync(meeting.Id);
        Assert.Equal((true, "minutes-published", (int?)1, minutes.Body), (read.MinutesPublished, read.Status, read.Minutes!.Version, read.Minutes.Body));
        Assert.Null(read.Minutes.Draft);
        Assert.Equal([1], read.Minutes.Versions!.Select(v => v.Version));
        Assert.True(Assert.Single(await cso.MeetingsAsync(group.Id)).MinutesPublished);
    }

    [SkippableFact]
    public async Task A_changed_draft_publishes_version_2_and_version_1_stays_readable()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id);
        await facilitator.SaveMinutesAsync(meeting.Id, Body);
        var first = await facilitator.PublishMinutesAsync(meeting.Id);
        var corrected = Body + "\n\nCorrection: the survey covered three counties.";

        var draft = await facilitator.SaveMinutesAsync(meeting.Id, corrected);
        var second = await facilitator.PublishMinutesAsync(meeting.Id);

        Assert.True(draft.ChangedSincePublished);
        Assert.Equal(2, second.Version);
        Assert.Contains("three counties", second.Body, StringComparison.Ordinal);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var read = await cso.MeetingAsync(meeting.Id);
        Assert.Equal((int?)2, read.Minutes!.Version);
        Assert.Equal([1, 2], read.Minutes.Versions!.Select(v => v.Version));
        var v1 = await cso.MinutesVersionAsync(meeting.Id, 1);
        Assert.Equal(((int?)1, first.Body, "named"), (v1.Version, v1.Body, v1.Attribution));
        Assert.DoesNotContain("three counties", v1.Body, StringComparison.Ordinal);
        Assert.Equal(second.Body, (await cso.MinutesVersionAsync(meeting.Id, 2)).Body);
        using var missing = await cso.GetAsync($"/api/v1/meetings/{meeting.Id}/minutes/versions/3").WaitAsync(MeetingApi.Patience);
        await missing.ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.False((await facilitator.MeetingAsync(meeting.Id)).Minutes!.Draft!.ChangedSincePublished);
    }

    [SkippableFact]
    public async Task Changing_only_the_attribution_publishes_a_new_version()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id);
        await facilitator.SaveMinutesAsync(meeting.Id, Body);
        await facilitator.PublishMinutesAsync(meeting.Id);

        await facilitator.SaveMinutesAsync(meeting.Id, Body, "chatham-house");
        var second = await facilitator.PublishMinutesAsync(meeting.Id);

        Assert.Equal((2, "chatham-house"), (second.Version, second.Attribution));
        Assert.DoesNotContain("Zhang Min", second.Body, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Publishing_before_the_meeting_starts_is_409_and_publishes_nothing()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreateMeetingAsync(group.Id, MeetingApi.MeetingBody(startsAt: MeetingApi.Wall(2), endsAt: MeetingApi.Wall(2, 12)));
        await facilitator.SaveMinutesAsync(meeting.Id, Body);

        using var response = await facilitator.SendPublishMinutesAsync(meeting.Id);

        await response.ReadProblemAsync(HttpStatusCode.Conflict);
        var read = await facilitator.MeetingAsync(meeting.Id);
        Assert.Equal((false, (int?)null), (read.MinutesPublished, read.Minutes!.Version));
    }

    [SkippableFact]
    public async Task Publishing_without_a_draft_is_409()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id);

        using var response = await facilitator.SendPublishMinutesAsync(meeting.Id);

        await response.ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Null((await facilitator.MeetingAsync(meeting.Id)).Minutes);
    }

    [SkippableFact]
    public async Task Chinese_minutes_are_published_in_zh_hans()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id);
        await facilitator.SaveMinutesAsync(meeting.Id, "## 现状\n\n@Wang Jun 介绍了全区的转介流程。");

        var minutes = await facilitator.PublishMinutesAsync(meeting.Id);

        Assert.Equal("zh-Hans", minutes.Language);
        Assert.Contains("**Wang Jun** (Riverside District Civil Affairs Bureau) 介绍了", minutes.Body, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Chatham_house_draft_warns_about_names_written_in_plain_words_and_named_does_not()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id);
        const string text = "@Zhang Min asked. Wang Jun answered for Riverside District Civil Affairs Bureau.";

        var chatham = await facilitator.SaveMinutesAsync(meeting.Id, text, "chatham-house");
        var named = await facilitator.SaveMinutesAsync(meeting.Id, text, "named");

        Assert.Equal(["Wang Jun", "Riverside District Civil Affairs Bureau"], chatham.Warnings);
        Assert.Equal("chatham-house", chatham.Attribution);
        Assert.Empty(named.Warnings);
    }

    [SkippableFact]
    public async Task Markup_in_minutes_is_published_inert()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id);
        await facilitator.SaveMinutesAsync(meeting.Id, "<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n<img src=x onerror=alert(1)>\n\n@Zhang Min <b onmouseover=alert(1)>spoke</b>");

        var minutes = await facilitator.PublishMinutesAsync(meeting.Id);

        using var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument("<body>" + minutes.Html + "</body>");
        Assert.Empty(document.QuerySelectorAll("script, img, iframe"));
        Assert.All(document.Body!.QuerySelectorAll("*"), e => Assert.DoesNotContain(e.Attributes, a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
        Assert.All(document.QuerySelectorAll("a"), a => Assert.DoesNotContain("javascript:", a.GetAttribute("href") ?? "", StringComparison.OrdinalIgnoreCase));
    }

    [SkippableTheory]
    [InlineData("anonymous")]
    [InlineData("Chatham House")]
    [InlineData("")]
    public async Task Unknown_attribution_is_400_naming_attribution(string attribution)
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id);

        using var response = await facilitator.SendMinutesAsync(meeting.Id, Body, attribution);

        Assert.Equal(["attribution"], (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Null((await facilitator.MeetingAsync(meeting.Id)).Minutes);
    }

    [SkippableTheory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \n\t ")]
    public async Task Minutes_without_a_body_are_400_naming_body(string? body)
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id);

        using var response = await facilitator.SendMinutesAsync(meeting.Id, body);

        Assert.Equal(["body"], (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Null((await facilitator.MeetingAsync(meeting.Id)).Minutes);
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class MinutesTestsOnSqlite(SqliteAppFixture fixture) : MinutesTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class MinutesTestsOnPostgres(PostgresAppFixture fixture) : MinutesTests(fixture);
