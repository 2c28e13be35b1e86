using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using ChildForum.Core.Identity;
using ChildForum.Core.Mail;
using ChildForum.Testing;
using ChildForum.WorkingGroups.Models;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Mail.Tests.Digest;

/// <summary>What each module adds to a person's daily digest, collected as the digest collects it: every registered
/// <see cref="IDigestSource"/>, for a real person with the principal the site builds for them, over a chosen period.</summary>
public abstract class DigestSourceTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private static readonly Uri PublicUrl = new("https://forum.example.org/");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-Hans");

    private static readonly (string User, string Role)[] Cast =
        [(DemoUsers.Facilitator, "facilitator"), (DemoUsers.Cso, "member"), (DemoUsers.Official, "member")];

    [SkippableFact]
    public async Task A_thread_is_one_line_counting_only_the_messages_members_read_linked_to_the_first_new_one()
    {
        var group = await App.CreateGroupAsync("members", Cast);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var since = DateTime.UtcNow.AddSeconds(-1);
        var thread = await PostJsonAsync<IdJson>(cso, $"/api/v1/groups/{group.Id}/threads", new { title = "Summer camps", body = "Opening the thread." });
        await PostMessageAsync(cso, thread.Id, "Second.");
        var deleted = await PostMessageAsync(cso, thread.Id, "Third, deleted.");
        var hidden = await PostMessageAsync(cso, thread.Id, "Fourth, hidden.");
        await PostMessageAsync(cso, thread.Id, "Fifth.");
        using (var response = await cso.DeleteAsync($"/api/v1/messages/{deleted.Id}"))
        {
            Assert.True(response.IsSuccessStatusCode, $"DELETE: {(int)response.StatusCode}");
        }
        await PostAsync(facilitator, $"/api/v1/messages/{hidden.Id}/hide");

        var english = await CollectAsync(DemoUsers.Official, group.Id, since, DateTime.UtcNow.AddSeconds(1), English);
        var chinese = await CollectAsync(DemoUsers.Official, group.Id, since, DateTime.UtcNow.AddSeconds(1), Chinese);

        var section = Assert.Single(english);
        Assert.Equal((10, group.Id), (section.Order, section.GroupId));
        var item = Assert.Single(section.Items);
        Assert.Equal("New thread “Summer camps”: 3 messages", item.Text);
        Assert.Equal($"https://forum.example.org/groups/{group.Slug}/threads/{thread.Id}#m1", item.Url);
        Assert.Equal("新讨论串“Summer camps”：3 条消息", Assert.Single(Assert.Single(chinese).Items).Text);
        Assert.Equal("讨论", Assert.Single(chinese).Title);
    }

    [SkippableFact]
    public async Task Only_what_happened_in_the_period_is_reported_and_not_ones_own_messages()
    {
        var group = await App.CreateGroupAsync("members", Cast);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var before = DateTime.UtcNow.AddSeconds(-1);
        var thread = await PostJsonAsync<IdJson>(cso, $"/api/v1/groups/{group.Id}/threads", new { title = "Earlier", body = "Opening." });
        await Task.Delay(1100);
        var since = DateTime.UtcNow;
        var later = await PostMessageAsync(cso, thread.Id, "Later.");

        var now = DateTime.UtcNow.AddSeconds(1);
        var item = Assert.Single(Assert.Single(await CollectAsync(DemoUsers.Official, group.Id, since, now, English)).Items);
        Assert.Equal("“Earlier”: 1 new message", item.Text);
        Assert.EndsWith($"/threads/{thread.Id}#m{later.Seq}", item.Url, StringComparison.Ordinal);
        Assert.Empty(await CollectAsync(DemoUsers.Official, group.Id, before.AddDays(-2), before, English));
        Assert.Empty(await CollectAsync(DemoUsers.Official, group.Id, now, now.AddDays(1), English));
        Assert.Empty(await CollectAsync(DemoUsers.Cso, group.Id, before, now, English));
    }

    [SkippableFact]
    public async Task A_group_the_person_can_no_longer_read_gives_nothing()
    {
        var group = await App.CreateGroupAsync("members", Cast);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var since = DateTime.UtcNow.AddSeconds(-1);
        await PostJsonAsync<IdJson>(cso, $"/api/v1/groups/{group.Id}/threads", new { title = "Plans", body = "Opening." });
        await PostJsonAsync<IdJson>(facilitator, $"/api/v1/groups/{group.Id}/drafts", new { title = "Guidelines", body = "# Guidelines\n\nText.", language = "en" });
        var meeting = await CreateMeetingAsync(facilitator, group.Id, Unique.Name("Meeting"), days: 10);
        await PostAsync(facilitator, $"/api/v1/meetings/{meeting.Id}/agenda/publish");
        var until = DateTime.UtcNow.AddSeconds(1);
        Assert.Equal([10, 20, 30], (await CollectAsync(DemoUsers.Official, group.Id, since, until, English)).Select(s => s.Order));

        var officialId = await App.UserIdAsync(DemoUsers.Official);
        await App.QueryDatabaseAsync(db => db.Set<Membership>().Where(m => m.GroupId == group.Id && m.UserId == officialId).ExecuteDeleteAsync());

        Assert.Empty(await CollectAsync(DemoUsers.Official, group.Id, since, until, English));
    }

    [SkippableFact]
    public async Task Drafts_started_and_moved_to_consultation_are_announced_in_the_persons_language()
    {
        var group = await App.CreateGroupAsync("members", Cast);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var since = DateTime.UtcNow.AddSeconds(-1);
        var draft = await PostJsonAsync<IdJson>(facilitator, $"/api/v1/groups/{group.Id}/drafts", new { title = "Guidelines", body = "# Guidelines\n\nText.", language = "en" });
        using (var moved = await facilitator.PostAsJsonAsync($"/api/v1/drafts/{draft.Id}/status", new { status = "consultation" }))
        {
            Assert.True(moved.IsSuccessStatusCode, $"status: {(int)moved.StatusCode}");
        }
        var until = DateTime.UtcNow.AddSeconds(1);

        var english = Assert.Single(await CollectAsync(DemoUsers.Cso, group.Id, since, until, English));
        var chinese = Assert.Single(await CollectAsync(DemoUsers.Cso, group.Id, since, until, Chinese));

        Assert.Equal(20, english.Order);
        Assert.Equal(["New draft “Guidelines”", "“Guidelines” is open for consultation"], english.Items.Select(i => i.Text));
        Assert.All(english.Items, i => Assert.Equal($"https://forum.example.org/groups/{group.Slug}/drafts/{draft.Id}", i.Url));
        Assert.Equal(["新草案“Guidelines”", "“Guidelines”已开放征求意见"], chinese.Items.Select(i => i.Text));
        Assert.Empty(await CollectAsync(DemoUsers.Cso, group.Id, until, until.AddDays(1), English));
    }

    [SkippableFact]
    public async Task Chatham_house_meetings_and_ones_open_actions_come_without_names_and_overdue_is_marked()
    {
        var group = await App.CreateGroupAsync("members", Cast);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var name = await App.QueryDatabaseAsync(db => db.Users.Where(u => u.Email == DemoUsers.Email(DemoUsers.Cso)).Select(u => u.DisplayName).SingleAsync());
        var since = DateTime.UtcNow.AddSeconds(-1);
        var meeting = await CreateMeetingAsync(facilitator, group.Id, $"Review with {name}", days: -3);
        var officialId = await App.UserIdAsync(DemoUsers.Official);
        var overdue = DateTime.UtcNow.Date.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var later = DateTime.UtcNow.Date.AddDays(5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await PostJsonAsync<IdJson>(facilitator, $"/api/v1/meetings/{meeting.Id}/actions", new { title = $"Call {name} about funding", ownerUserId = officialId, dueDate = overdue });
        await PostJsonAsync<IdJson>(facilitator, $"/api/v1/meetings/{meeting.Id}/actions", new { title = "Write the summary", ownerUserId = officialId, dueDate = later });
        using (var saved = await facilitator.PutAsJsonAsync($"/api/v1/meetings/{meeting.Id}/minutes", new { body = $"@{name} proposed protected study time.", attribution = "chatham-house" }))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }
        await PostAsync(facilitator, $"/api/v1/meetings/{meeting.Id}/minutes/publish");
        var until = DateTime.UtcNow.AddSeconds(1);

        var sections = await CollectAsync(DemoUsers.Official, group.Id, since, until, English);

        Assert.Equal([30, 40], sections.Select(s => s.Order));
        var minutes = Assert.Single(sections[0].Items);
        Assert.StartsWith("Minutes published: Review with ", minutes.Text, StringComparison.Ordinal);
        Assert.Equal($"https://forum.example.org/groups/{group.Slug}/meetings/{meeting.Id}#minutes", minutes.Url);
        Assert.Equal(2, sections[1].Items.Count);
        Assert.StartsWith("Overdue since ", sections[1].Items[0].Text, StringComparison.Ordinal);
        Assert.Contains("about funding", sections[1].Items[0].Text, StringComparison.Ordinal);
        Assert.StartsWith("Due ", sections[1].Items[1].Text, StringComparison.Ordinal);
        Assert.EndsWith("Write the summary", sections[1].Items[1].Text, StringComparison.Ordinal);
        Assert.All(sections.SelectMany(s => s.Items), i => Assert.DoesNotContain(name, i.Text, StringComparison.OrdinalIgnoreCase));
        var chinese = await CollectAsync(DemoUsers.Official, group.Id, since, until, Chinese);
        Assert.StartsWith("会议纪要已发布：", chinese[0].Items[0].Text, StringComparison.Ordinal);
        Assert.StartsWith("自 ", chinese[1].Items[0].Text, StringComparison.Ordinal);
    }

    /// <summary>The digests of one sender batch share the groups' news (<see cref="DigestNews"/>), loaded once; each
    /// person's own doing is still taken out of theirs, and each gets only their own actions.</summary>
    [SkippableFact]
    public async Task Digests_sharing_a_batchs_news_each_leave_out_their_own_doing_and_others_actions()
    {
        var group = await App.CreateGroupAsync("members", Cast);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var official = await App.ClientForAsync(DemoUsers.Official);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var since = DateTime.UtcNow.AddSeconds(-1);
        await PostJsonAsync<IdJson>(cso, $"/api/v1/groups/{group.Id}/threads", new { title = "Camps", body = "From the CSO." });
        await PostJsonAsync<IdJson>(official, $"/api/v1/groups/{group.Id}/threads", new { title = "Budget", body = "From the official." });
        var meeting = await CreateMeetingAsync(facilitator, group.Id, "Planning", days: 3);
        var due = DateTime.UtcNow.Date.AddDays(5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await PostJsonAsync<IdJson>(facilitator, $"/api/v1/meetings/{meeting.Id}/actions", new { title = "Visit the school", ownerUserId = await App.UserIdAsync(DemoUsers.Cso), dueDate = due });
        await PostJsonAsync<IdJson>(facilitator, $"/api/v1/meetings/{meeting.Id}/actions", new { title = "Check the budget", ownerUserId = await App.UserIdAsync(DemoUsers.Official), dueDate = due });
        var until = DateTime.UtcNow.AddSeconds(1);

        var news = new DigestNews();
        var forCso = await CollectAsync(DemoUsers.Cso, group.Id, since, until, English, news: news);
        var forOfficial = await CollectAsync(DemoUsers.Official, group.Id, since, until, English, news: news);

        Assert.Equal(["New thread “Budget”: 1 message"], forCso.Single(s => s.Order == 10).Items.Select(i => i.Text));
        Assert.Equal(["New thread “Camps”: 1 message"], forOfficial.Single(s => s.Order == 10).Items.Select(i => i.Text));
        Assert.EndsWith("Visit the school", Assert.Single(forCso.Single(s => s.Order == 40).Items).Text, StringComparison.Ordinal);
        Assert.EndsWith("Check the budget", Assert.Single(forOfficial.Single(s => s.Order == 40).Items).Text, StringComparison.Ordinal);
        // What the batch loaded is what each digest alone finds.
        Assert.Equal(
            (await CollectAsync(DemoUsers.Official, group.Id, since, until, English)).SelectMany(s => s.Items),
            forOfficial.SelectMany(s => s.Items));
    }

    /// <summary>Overdue is counted in the recipient's zone: at 20:00 UTC it is already the next day in Shanghai, so an
    /// action due on the UTC day is overdue there and not yet in UTC.</summary>
    [SkippableFact]
    public async Task An_action_is_overdue_by_the_day_in_the_recipients_time_zone()
    {
        var group = await App.CreateGroupAsync("members", Cast);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await CreateMeetingAsync(facilitator, group.Id, "Planning", days: -3);
        var day = DateTime.UtcNow.Date;
        await PostJsonAsync<IdJson>(facilitator, $"/api/v1/meetings/{meeting.Id}/actions",
            new { title = "Send the survey", ownerUserId = await App.UserIdAsync(DemoUsers.Official), dueDate = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        var until = day.AddHours(20);

        var utc = (await CollectAsync(DemoUsers.Official, group.Id, until.AddDays(-1), until, English, TimeZoneInfo.Utc)).Single(s => s.Order == 40);
        var shanghai = (await CollectAsync(DemoUsers.Official, group.Id, until.AddDays(-1), until, English, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"))).Single(s => s.Order == 40);

        Assert.StartsWith("Due ", Assert.Single(utc.Items).Text, StringComparison.Ordinal);
        Assert.StartsWith("Overdue since ", Assert.Single(shanghai.Items).Text, StringComparison.Ordinal);
    }

    /// <summary>Every source's sections for this person and group, as the digest collects them (in UTC unless a zone is given).</summary>
    private async Task<IReadOnlyList<DigestSection>> CollectAsync(string user, int groupId, DateTime sinceUtc, DateTime untilUtc, CultureInfo culture, TimeZoneInfo? zone = null, DigestNews? news = null)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ForumUser>>();
        var recipient = await users.FindByEmailAsync(DemoUsers.Email(user)) ?? throw new InvalidOperationException($"No user {user}.");
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ForumUser>>().CreateAsync(recipient);
        var context = new DigestContext(recipient, principal, culture, PublicUrl, DateTime.SpecifyKind(sinceUtc, DateTimeKind.Utc), DateTime.SpecifyKind(untilUtc, DateTimeKind.Utc), zone ?? TimeZoneInfo.Utc) { News = news ?? new DigestNews() };
        var sections = new List<DigestSection>();
        foreach (var source in scope.ServiceProvider.GetServices<IDigestSource>())
        {
            sections.AddRange(await source.CollectAsync(context, [groupId], CancellationToken.None));
        }
        Assert.All(sections, s => Assert.NotEmpty(s.Items));
        return sections.OrderBy(s => s.Order).ToList();
    }

    private static async Task<MeetingJson> CreateMeetingAsync(HttpClient facilitator, int groupId, string title, int days)
    {
        string Wall(int hour) => DateTime.UtcNow.Date.AddDays(days).AddHours(hour).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        return await PostJsonAsync<MeetingJson>(facilitator, $"/api/v1/groups/{groupId}/meetings", new
        {
            title, startsAt = Wall(10), endsAt = Wall(12), timeZone = "Asia/Shanghai", location = "Room 3",
            agenda = new object[] { new { title = "Welcome", durationMinutes = 10 } },
        });
    }

    private static Task<MessageJson> PostMessageAsync(HttpClient client, int threadId, string body) =>
        PostJsonAsync<MessageJson>(client, $"/api/v1/threads/{threadId}/messages", new { body, clientMessageId = Guid.NewGuid().ToString("N") });

    private static async Task PostAsync(HttpClient client, string url)
    {
        using var response = await client.PostAsync(url, null);
        Assert.True(response.IsSuccessStatusCode, $"POST {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<T> PostJsonAsync<T>(HttpClient client, string url, object body)
    {
        using var response = await client.PostAsJsonAsync(url, body);
        Assert.True(response.IsSuccessStatusCode, $"POST {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    private sealed record IdJson(int Id);

    private sealed record MeetingJson(int Id, string Title);

    private sealed record MessageJson(long Id, int Seq);
}

[Collection(SqliteAppFixture.Collection)]
public sealed class DigestSourceTestsOnSqlite(SqliteAppFixture fixture) : DigestSourceTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class DigestSourceTestsOnPostgres(PostgresAppFixture fixture) : DigestSourceTests(fixture);
