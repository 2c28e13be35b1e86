using System.Net;
using System.Net.Http.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using ChildForum.Meetings.Tests.Infrastructure;
using ChildForum.Testing;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Meetings.Tests.Endpoints;

/// <summary>The children's-data guard on every text written in meetings (issue 10, finding 2): a Chinese resident ID
/// number is refused (400, code id-number, the error on its field) and nothing is stored; a phone number or e-mail
/// address needs confirmPersonalData (409, code personal-data-confirmation), and once confirmed it is stored and the
/// group's other facilitators are told.</summary>
public abstract class PersonalDataTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private static string IdNumber => IdNumbers.Valid;
    private const string Phone = "13812345678";

    private async Task<(GroupJson Group, HttpClient Facilitator, TestUser Other)> GroupWithTwoFacilitatorsAsync()
    {
        var group = await App.NewGroupAsync();
        var other = await App.CreateUserAsync(displayName: "Second facilitator");
        await App.AddMembershipAsync(group.Id, other.Email, "facilitator");
        return (group, await App.ClientForAsync(DemoUsers.Facilitator), other);
    }

    private static async Task AssertIdNumberRefusedAsync(HttpResponseMessage response, string field)
    {
        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("\"code\":\"id-number\"", problem.Body, StringComparison.Ordinal);
        Assert.True(problem.Errors.ContainsKey(field), $"The refusal should name the field '{field}':{Environment.NewLine}{problem.Body}");
        Assert.DoesNotContain(IdNumber, problem.Body, StringComparison.Ordinal);
    }

    private static async Task AssertConfirmationAskedAsync(HttpResponseMessage response)
    {
        var problem = await response.ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("\"code\":\"personal-data-confirmation\"", problem.Body, StringComparison.Ordinal);
    }

    private Task<int> NotificationsAsync(string userId, string startingWith) =>
        App.QueryDatabaseAsync(db => db.Notifications.CountAsync(n => n.UserId == userId && n.Text.StartsWith(startingWith)));

    [SkippableTheory]
    [InlineData("title", "Meeting about child {0}", null, null)]
    [InlineData("location", null, "Home of child {0}", null)]
    [InlineData("agenda[0].title", null, null, "title")]
    [InlineData("agenda[0].presenter", null, null, "presenter")]
    [InlineData("agenda[0].notes", null, null, "notes")]
    public async Task Meeting_with_an_id_number_in_any_text_is_refused_on_that_field_and_not_stored(string field, string? title, string? location, string? agendaField)
    {
        var (group, facilitator, _) = await GroupWithTwoFacilitatorsAsync();
        string? Item(string name) => agendaField == name ? $"Child {IdNumber}" : null;
        var body = MeetingApi.MeetingBody(
            title is null ? null : string.Format(System.Globalization.CultureInfo.InvariantCulture, title, IdNumber),
            location: location is null ? "Room 3" : string.Format(System.Globalization.CultureInfo.InvariantCulture, location, IdNumber),
            agenda: [new(Item("title") ?? "Welcome", Item("presenter"), 10, Item("notes"))]);

        using var response = await facilitator.SendCreateMeetingAsync(group.Id, body);

        await AssertIdNumberRefusedAsync(response, field);
        Assert.Empty(await facilitator.MeetingsAsync(group.Id));
    }

    [SkippableFact]
    public async Task Meeting_with_a_phone_number_needs_confirmation_and_once_confirmed_the_other_facilitators_are_told()
    {
        var (group, facilitator, other) = await GroupWithTwoFacilitatorsAsync();
        var body = MeetingApi.MeetingBody(location: $"Call {Phone} at the gate");

        using var asked = await facilitator.SendCreateMeetingAsync(group.Id, body);
        await AssertConfirmationAskedAsync(asked);
        Assert.Empty(await facilitator.MeetingsAsync(group.Id));

        var confirmed = System.Text.Json.JsonSerializer.SerializeToNode(body, System.Text.Json.JsonSerializerOptions.Web)!.AsObject();
        confirmed["confirmPersonalData"] = true;
        using var created = await facilitator.SendCreateMeetingAsync(group.Id, confirmed);
        var meeting = await created.ReadJsonAsync<MeetingJson>(HttpStatusCode.Created);
        Assert.Contains(Phone, meeting.Location, StringComparison.Ordinal);
        Assert.Equal(1, await NotificationsAsync(other.Id, "Confirmed as not a child's"));
        var target = MeetingApi.Id(meeting.Id);
        Assert.Equal(1, await App.QueryDatabaseAsync(db => db.AuditEntries.CountAsync(e => e.Action == "meeting.personal-data-confirmed" && e.TargetId == target)));
    }

    [SkippableFact]
    public async Task Changing_a_meeting_s_title_to_an_id_number_is_refused_and_the_title_stays()
    {
        var (group, facilitator, _) = await GroupWithTwoFacilitatorsAsync();
        var meeting = await facilitator.CreateMeetingAsync(group.Id);

        using var response = await facilitator.SendPatchAsync(meeting.Id, new { title = $"Case {IdNumber}" });

        await AssertIdNumberRefusedAsync(response, "title");
        Assert.Equal(meeting.Title, (await facilitator.MeetingAsync(meeting.Id)).Title);
    }

    [SkippableFact]
    public async Task Minutes_with_an_id_number_are_refused_also_when_markdown_splits_it()
    {
        var (group, facilitator, _) = await GroupWithTwoFacilitatorsAsync();
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id);
        var split = $"Child *{IdNumber[..6]}*{IdNumber[6..]} was discussed.";

        using var plain = await facilitator.SendMinutesAsync(meeting.Id, $"Child {IdNumber} was discussed.");
        await AssertIdNumberRefusedAsync(plain, "body");
        using var markdown = await facilitator.SendMinutesAsync(meeting.Id, split);
        await AssertIdNumberRefusedAsync(markdown, "body");

        Assert.Null((await facilitator.MeetingAsync(meeting.Id)).Minutes);
    }

    [SkippableFact]
    public async Task Minutes_with_an_e_mail_address_are_saved_only_when_confirmed()
    {
        var (group, facilitator, other) = await GroupWithTwoFacilitatorsAsync();
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id);
        const string body = "Write to parent.of.child@example.org for the form.";

        using var asked = await facilitator.SendMinutesAsync(meeting.Id, body);
        await AssertConfirmationAskedAsync(asked);
        Assert.Null((await facilitator.MeetingAsync(meeting.Id)).Minutes);

        using var confirmed = await facilitator.PutAsJsonAsync($"/api/v1/meetings/{meeting.Id}/minutes", new { body, attribution = "named", confirmPersonalData = true }).WaitAsync(MeetingApi.Patience);
        Assert.Equal(body, (await confirmed.ReadJsonAsync<MinutesDraftJson>()).Body);
        Assert.Equal(1, await NotificationsAsync(other.Id, "Confirmed as not a child's"));
    }

    [SkippableFact]
    public async Task Decisions_and_actions_are_guarded_too()
    {
        var (group, facilitator, other) = await GroupWithTwoFacilitatorsAsync();
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id);

        using var decision = await facilitator.SendDecisionAsync(meeting.Id, $"The file of {IdNumber} is closed.");
        await AssertIdNumberRefusedAsync(decision, "text");
        using var action = await facilitator.SendActionAsync(meeting.Id, $"Visit {IdNumber}", ownerUserId: await App.UserIdAsync(DemoUsers.Cso));
        await AssertIdNumberRefusedAsync(action, "title");
        using var phoneDecision = await facilitator.SendDecisionAsync(meeting.Id, $"Parents call {Phone}.");
        await AssertConfirmationAskedAsync(phoneDecision);
        using var phoneAction = await facilitator.SendActionAsync(meeting.Id, $"Call {Phone}", ownerUserId: await App.UserIdAsync(DemoUsers.Cso));
        await AssertConfirmationAskedAsync(phoneAction);
        var read = await facilitator.MeetingAsync(meeting.Id);
        Assert.Equal((0, 0), (read.Decisions.Count, read.Actions.Count));

        using var confirmedDecision = await facilitator.PostAsJsonAsync($"/api/v1/meetings/{meeting.Id}/decisions", new { text = $"Parents call {Phone}.", confirmPersonalData = true }).WaitAsync(MeetingApi.Patience);
        await confirmedDecision.AssertStatusAsync(HttpStatusCode.Created);
        using var confirmedAction = await facilitator.PostAsJsonAsync($"/api/v1/meetings/{meeting.Id}/actions",
            new { title = $"Call {Phone}", ownerUserId = await App.UserIdAsync(DemoUsers.Cso), dueDate = MeetingApi.Day(7), confirmPersonalData = true }).WaitAsync(MeetingApi.Patience);
        await confirmedAction.AssertStatusAsync(HttpStatusCode.Created);
        Assert.Equal(2, await NotificationsAsync(other.Id, "Confirmed as not a child's"));
    }

    [SkippableTheory]
    [InlineData("en", "This text contains a phone number or e-mail address", "I confirm: this is not a child's data")]
    [InlineData("zh-Hans", "此内容包含电话号码或电子邮箱地址", "我确认：这不是儿童的个人信息")]
    public async Task Decision_form_shows_the_refusal_next_to_the_field_with_a_confirm_box_and_stores_it_once_confirmed(string language, string refusal, string confirm)
    {
        var (group, facilitator, other) = await GroupWithTwoFacilitatorsAsync();
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id);
        using var browser = await App.SignInWithCookieAsync(DemoUsers.Facilitator);
        browser.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        var url = $"/groups/{group.Slug}/meetings/{meeting.Id}";

        async Task<HttpResponseMessage> PostDecisionAsync(bool confirmed)
        {
            Dictionary<string, string> fields;
            string action;
            using (var page = await browser.GetPageAsync(url))
            {
                var form = page.Document.QuerySelectorAll<IHtmlFormElement>("form").Single(f => f.QuerySelector("textarea[name='DecisionText']") is not null);
                action = form.GetAttribute("action")!;
                fields = form.QuerySelectorAll<IHtmlInputElement>("input[name]").Where(i => i.Type == "hidden").ToDictionary(i => i.Name!, i => i.Value);
            }
            fields["DecisionText"] = $"The parents can be called on {Phone}.";
            if (confirmed)
            {
                fields["ConfirmPersonalData"] = "true";
            }
            return await browser.PostFormAsync(action, fields);
        }

        using (var refused = await PostDecisionAsync(confirmed: false))
        {
            await refused.AssertStatusAsync(HttpStatusCode.Conflict);
            using var page = await HtmlPage.ReadAsync(refused);
            Assert.Contains(refusal, page.TextOf("#DecisionText-error"), StringComparison.Ordinal);
            var box = page.Document.QuerySelector("form textarea[name='DecisionText']")!.Closest("form")!.QuerySelector("input[name='ConfirmPersonalData']");
            Assert.NotNull(box);
            Assert.Contains(confirm, box!.ParentElement!.TextContent, StringComparison.Ordinal);
        }
        Assert.Empty((await facilitator.MeetingAsync(meeting.Id)).Decisions);

        using var stored = await PostDecisionAsync(confirmed: true);

        await stored.AssertStatusAsync(HttpStatusCode.Redirect);
        Assert.Contains(Phone, Assert.Single((await facilitator.MeetingAsync(meeting.Id)).Decisions).Text, StringComparison.Ordinal);
        Assert.Equal(1, await NotificationsAsync(other.Id, "Confirmed as not a child's"));
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class PersonalDataTestsOnSqlite(SqliteAppFixture fixture) : PersonalDataTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class PersonalDataTestsOnPostgres(PostgresAppFixture fixture) : PersonalDataTests(fixture);
