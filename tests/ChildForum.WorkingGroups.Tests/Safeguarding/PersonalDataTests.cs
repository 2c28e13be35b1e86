using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChildForum.Testing;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.WorkingGroups.Tests.Safeguarding;

/// <summary>The children's-data guard on what this module stores: names of groups, organisations and people are refused
/// outright when they hold an ID number, phone number or e-mail address; a group's description follows the guard's
/// refuse-or-confirm flow.</summary>
public abstract class PersonalDataTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task Group_name_with_an_id_number_or_phone_is_refused_next_to_the_field_and_nothing_is_created()
    {
        using var admin = await App.ClientForAsync(DemoUsers.Admin);
        foreach (var name in new[] { $"Children of {IdNumbers.Valid}", "Call 13812345678 for the group" })
        {
            var slug = Unique.Slug();

            using var response = await admin.PostAsJsonAsync("/api/v1/groups", new { slug, name, visibility = "members" });

            var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
            Assert.Equal(["name"], problem.Errors.Keys);
            Assert.DoesNotContain("13812345678", problem.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(IdNumbers.Valid, problem.Body, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/groups/{slug}")).StatusCode);
        }
    }

    [SkippableFact]
    public async Task Group_description_with_a_phone_needs_confirmation_and_with_an_id_number_is_refused()
    {
        using var admin = await App.ClientForAsync(DemoUsers.Admin);
        var slug = Unique.Slug();
        const string description = "Contact the coordinator on 13812345678.";

        using var unconfirmed = await admin.PostAsJsonAsync("/api/v1/groups", new { slug, name = "Group " + slug, description });
        var conflict = await unconfirmed.ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("\"code\":\"personal-data-confirmation\"", conflict.Body, StringComparison.Ordinal);
        using var confirmed = await admin.PostAsJsonAsync("/api/v1/groups", new { slug, name = "Group " + slug, description, confirmPersonalData = true });
        var group = await confirmed.ReadJsonAsync<GroupJson>(HttpStatusCode.Created);
        Assert.Equal(description, group.Description);

        using var withId = await admin.PatchAsJsonAsync($"/api/v1/groups/{slug}", new { description = $"Child {IdNumbers.Valid}", confirmPersonalData = true });
        var refused = await withId.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("description", refused.Errors.Keys);
        Assert.Contains("\"code\":\"id-number\"", refused.Body, StringComparison.Ordinal);
        Assert.Equal(description, (await (await admin.GetAsync($"/api/v1/groups/{slug}")).ReadJsonAsync<GroupJson>()).Description);
    }

    [SkippableFact]
    public async Task Groups_page_shows_the_guard_sentence_next_to_the_description_and_creates_the_group_once_confirmed()
    {
        using var admin = await App.SignInWithCookieAsync(DemoUsers.Admin);
        var slug = Unique.Slug();
        var fields = new Dictionary<string, string>
        {
            ["Form.Slug"] = slug,
            ["Form.Name"] = "Group " + slug,
            ["Form.Description"] = "Write to the coordinator at coordinator@example.org.",
            ["Form.Visibility"] = "members",
        };
        using (var form = await admin.GetPageAsync("/admin/groups"))
        {
            fields["__RequestVerificationToken"] = form.RequestVerificationToken!;
        }

        using var unconfirmed = await admin.PostFormAsync("/admin/groups", fields);

        using (var page = await HtmlPage.ReadAsync(await unconfirmed.AssertStatusAsync(HttpStatusCode.OK)))
        {
            Assert.Contains("confirm", page.TextOf("#Form_Description-error"), StringComparison.Ordinal);
            Assert.NotNull(page.Document.QuerySelector("input[type=checkbox][name='Form.ConfirmPersonalData']"));
        }
        fields["Form.ConfirmPersonalData"] = "true";
        using var confirmed = await admin.PostFormAsync("/admin/groups", fields);
        await confirmed.AssertStatusAsync(HttpStatusCode.Redirect);
        Assert.Equal($"/groups/{slug}", confirmed.Headers.Location?.OriginalString);
    }

    [SkippableFact]
    public async Task Organisation_name_with_an_e_mail_address_is_refused()
    {
        using var admin = await App.ClientForAsync(DemoUsers.Admin);
        var name = Unique.Name("Org") + " (write to child@example.org)";

        using var response = await admin.PostAsJsonAsync("/api/v1/organisations", new { name, stakeholderType = "cso" });

        Assert.Equal(["name"], (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.False(await App.QueryDatabaseAsync(db => db.Organisations.AnyAsync(o => o.Name == name)));
    }

    [SkippableFact]
    public async Task Invited_person_whose_name_holds_an_id_number_gets_no_account()
    {
        var group = await App.CreateGroupAsync("members", (DemoUsers.Facilitator, "facilitator"));
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var organisations = await facilitator.GetFromJsonAsync<List<OrganisationJson>>("/api/v1/organisations");
        var email = Unique.Email();

        using var response = await facilitator.PostAsJsonAsync($"/api/v1/groups/{group.Id}/members",
            new { email, role = "member", displayName = "Xiao Ming " + IdNumbers.Valid, organisationId = organisations![0].Id });

        Assert.Equal(["displayName"], (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        var normalised = email.ToUpperInvariant();
        Assert.False(await App.QueryDatabaseAsync(db => db.Users.AnyAsync(u => u.NormalizedEmail == normalised)));
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class PersonalDataTestsOnSqlite(SqliteAppFixture fixture) : PersonalDataTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class PersonalDataTestsOnPostgres(PostgresAppFixture fixture) : PersonalDataTests(fixture);
