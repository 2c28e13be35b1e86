using System.Net;
using System.Net.Http.Json;
using System.Text;
using ChildForum.Testing;

namespace ChildForum.Mail.Tests.Choices;

/// <summary><c>GET|PUT /api/v1/me/notification-settings</c> exactly as shared/API.md gives it: the defaults, saving, every
/// bad field answered with a problem that names it, and nothing revealed about groups the caller is not in.</summary>
public abstract class NotificationSettingsApiTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task A_new_member_gets_the_defaults_and_every_group_they_are_in_at_each()
    {
        var (_, client, member, observer) = await App.PersonInTwoGroupsAsync();
        var elsewhere = await App.CreateGroupAsync("public");
        using var _ = client;

        var choices = await client.GetChoicesAsync();

        Assert.True(choices.Enabled);
        Assert.Equal(7, choices.DigestHour);
        Assert.Equal("UTC", choices.TimeZone);
        Assert.Equal("en", choices.Language);
        Assert.Equal(
            new[] { new GroupModeJson(member.Id, "each"), new GroupModeJson(observer.Id, "each") }.OrderBy(g => g.GroupId),
            choices.Groups.OrderBy(g => g.GroupId));
        Assert.DoesNotContain(choices.Groups, g => g.GroupId == elsewhere.Id);
    }

    [SkippableFact]
    public async Task Saved_choices_come_back_as_saved_with_the_zone_spelled_as_iana_does()
    {
        var (_, client, member, observer) = await App.PersonInTwoGroupsAsync();
        using var _ = client;

        using var response = await client.PutChoicesAsync(new
        {
            enabled = false, digestHour = 21, timeZone = "asia/shanghai", language = "zh-Hans",
            groups = new[] { new { groupId = member.Id, mode = "digest" }, new { groupId = observer.Id, mode = "off" } },
        });

        var saved = await response.ReadJsonAsync<NotificationSettingsJson>();
        var read = await client.GetChoicesAsync();
        foreach (var choices in new[] { saved, read })
        {
            Assert.False(choices.Enabled);
            Assert.Equal(21, choices.DigestHour);
            Assert.Equal("Asia/Shanghai", choices.TimeZone);
            Assert.Equal("zh-Hans", choices.Language);
            Assert.Equal("digest", choices.Groups.Single(g => g.GroupId == member.Id).Mode);
            Assert.Equal("off", choices.Groups.Single(g => g.GroupId == observer.Id).Mode);
        }
    }

    [SkippableFact]
    public async Task A_group_left_out_of_the_list_keeps_its_mode_and_each_is_back_to_the_default()
    {
        var (_, client, member, observer) = await App.PersonInTwoGroupsAsync();
        using var _ = client;
        using (var first = await client.PutChoicesAsync(Body(groups: [new { groupId = member.Id, mode = "off" }, new { groupId = observer.Id, mode = "digest" }])))
        {
            await first.AssertStatusAsync(HttpStatusCode.OK);
        }

        using var second = await client.PutChoicesAsync(Body(groups: [new { groupId = member.Id, mode = "each" }]));

        var choices = await second.ReadJsonAsync<NotificationSettingsJson>();
        Assert.Equal("each", choices.Groups.Single(g => g.GroupId == member.Id).Mode);
        Assert.Equal("digest", choices.Groups.Single(g => g.GroupId == observer.Id).Mode);
    }

    public static TheoryData<string, string, string> BadBodies => new()
    {
        // what, body (JSON with {member} for a group of the caller's), field named
        { "hour 24", """{"enabled":true,"digestHour":24,"timeZone":"UTC","language":"en"}""", "digestHour" },
        { "hour -1", """{"enabled":true,"digestHour":-1,"timeZone":"UTC","language":"en"}""", "digestHour" },
        { "hour as text", """{"enabled":true,"digestHour":"seven","timeZone":"UTC","language":"en"}""", "digestHour" },
        { "no hour", """{"enabled":true,"timeZone":"UTC","language":"en"}""", "digestHour" },
        { "no switch", """{"digestHour":7,"timeZone":"UTC","language":"en"}""", "enabled" },
        { "unknown zone", """{"enabled":true,"digestHour":7,"timeZone":"Mars/Olympus","language":"en"}""", "timeZone" },
        { "Windows zone id", """{"enabled":true,"digestHour":7,"timeZone":"China Standard Time","language":"en"}""", "timeZone" },
        { "path as zone", """{"enabled":true,"digestHour":7,"timeZone":"../../etc/passwd","language":"en"}""", "timeZone" },
        { "empty zone", """{"enabled":true,"digestHour":7,"timeZone":"","language":"en"}""", "timeZone" },
        { "other language", """{"enabled":true,"digestHour":7,"timeZone":"UTC","language":"fr"}""", "language" },
        { "unknown mode", """{"enabled":true,"digestHour":7,"timeZone":"UTC","language":"en","groups":[{"groupId":{member},"mode":"weekly"}]}""", "groups[0].mode" },
        { "no mode", """{"enabled":true,"digestHour":7,"timeZone":"UTC","language":"en","groups":[{"groupId":{member}}]}""", "groups[0].mode" },
        { "no group id", """{"enabled":true,"digestHour":7,"timeZone":"UTC","language":"en","groups":[{"mode":"off"}]}""", "groups[0].groupId" },
        { "group twice", """{"enabled":true,"digestHour":7,"timeZone":"UTC","language":"en","groups":[{"groupId":{member},"mode":"off"},{"groupId":{member},"mode":"each"}]}""", "groups[1].groupId" },
        { "null entry", """{"enabled":true,"digestHour":7,"timeZone":"UTC","language":"en","groups":[null]}""", "groups[0]" },
    };

    [SkippableTheory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_field_is_named_in_a_problem_and_nothing_is_saved(string what, string body, string field)
    {
        var (_, client, member, _) = await App.PersonInTwoGroupsAsync();
        using var _ = client;
        using var content = new StringContent(body.Replace("{member}", member.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), Encoding.UTF8, "application/json");

        using var response = await client.PutAsync(ChoicesApi.Url, content);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.Errors.ContainsKey(field), $"{what}: the problem should name {field}: {problem.Body}");
        var choices = await client.GetChoicesAsync();
        Assert.Equal(new NotificationSettingsJson(true, 7, "UTC", "en", choices.Groups), choices);
        Assert.All(choices.Groups, g => Assert.Equal("each", g.Mode));
    }

    [SkippableFact]
    public async Task A_group_the_caller_is_not_in_is_refused_in_the_same_words_as_one_that_does_not_exist()
    {
        var (_, client, _, _) = await App.PersonInTwoGroupsAsync();
        using var _ = client;
        var secret = await App.CreateGroupAsync("members", (DemoUsers.Cso, "member"));
        var open = await App.CreateGroupAsync("public");

        var answers = new List<string>();
        foreach (var groupId in new[] { secret.Id, open.Id, int.MaxValue })
        {
            using var response = await client.PutChoicesAsync(Body(groups: [new { groupId, mode = "off" }]));
            var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
            answers.Add(string.Join(" ", problem.Errors["groups[0].groupId"]));
            Assert.DoesNotContain(secret.Name, problem.Body, StringComparison.Ordinal);
        }

        Assert.Single(answers.Distinct());
        var choices = await client.GetChoicesAsync();
        Assert.DoesNotContain(choices.Groups, g => g.GroupId == secret.Id || g.GroupId == open.Id);
    }

    [SkippableFact]
    public async Task Errors_are_written_in_the_callers_language()
    {
        var (_, client, _, _) = await App.PersonInTwoGroupsAsync();
        using var _ = client;
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-Hans");

        using var response = await client.PutChoicesAsync(Body(digestHour: 30));

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("请选择 0 到 23 之间的小时。", Assert.Single(problem.Errors["digestHour"]));
    }

    [SkippableFact]
    public async Task An_anonymous_caller_is_asked_to_sign_in()
    {
        using var anonymous = App.CreateAnonymousClient();

        using var get = await anonymous.GetAsync(ChoicesApi.Url);
        using var put = await anonymous.PutChoicesAsync(Body());

        await get.AssertStatusAsync(HttpStatusCode.Unauthorized);
        await put.AssertStatusAsync(HttpStatusCode.Unauthorized);
    }

    [SkippableFact]
    public async Task A_browser_changes_its_choices_only_with_the_pages_antiforgery_token()
    {
        var person = await App.CreateUserAsync();
        using var browser = await App.SignInWithCookieAsync(person.Email, person.Password);

        using var without = await browser.SendJsonAsync(HttpMethod.Put, ChoicesApi.Url, Body(digestHour: 9), withAntiforgeryToken: false);
        await without.ReadProblemAsync(HttpStatusCode.BadRequest);
        using var with = await browser.SendJsonAsync(HttpMethod.Put, ChoicesApi.Url, Body(digestHour: 9));

        Assert.Equal(9, (await with.ReadJsonAsync<NotificationSettingsJson>()).DigestHour);
    }

    private static object Body(int digestHour = 8, object[]? groups = null) =>
        new { enabled = true, digestHour, timeZone = "Europe/London", language = "en", groups = groups ?? [] };
}

[Collection(SqliteAppFixture.Collection)]
public sealed class NotificationSettingsApiTestsOnSqlite(SqliteAppFixture fixture) : NotificationSettingsApiTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class NotificationSettingsApiTestsOnPostgres(PostgresAppFixture fixture) : NotificationSettingsApiTests(fixture);
