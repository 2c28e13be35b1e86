using System.Net;
using System.Net.Http.Json;
using System.Text;
using ChildForum.Testing;

namespace ChildForum.WorkingGroups.Tests.Http;

/// <summary>Whatever a client sends, a mistake of the client's is answered with a 4xx problem detail
/// (<c>application/problem+json</c>) that says what is wrong, never with a 500.</summary>
public abstract class ProblemDetailsTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableTheory]
    [InlineData("empty body", "POST", "/api/v1/groups", "", "application/json", 400)]
    [InlineData("JSON null", "POST", "/api/v1/groups", "null", "application/json", 400)]
    [InlineData("malformed JSON", "POST", "/api/v1/groups", "{\"slug\": \"abc\",", "application/json", 400)]
    [InlineData("not JSON at all", "POST", "/api/v1/organisations", "name=Acme&stakeholderType=cso", "application/json", 400)]
    [InlineData("number where text belongs", "POST", "/api/v1/groups", "{\"slug\": 5, \"name\": \"Five\"}", "application/json", 400)]
    [InlineData("list where text belongs", "POST", "/api/v1/organisations", "{\"name\": [\"a\"], \"stakeholderType\": \"cso\"}", "application/json", 400)]
    [InlineData("array instead of object", "POST", "/api/v1/groups", "[1, 2, 3]", "application/json", 400)]
    [InlineData("text where a number belongs", "POST", "/api/v1/groups/left-behind-children/members", "{\"email\": \"new@example.org\", \"organisationId\": \"abc\"}", "application/json", 400)]
    [InlineData("number too large", "POST", "/api/v1/groups/left-behind-children/members", "{\"email\": \"new@example.org\", \"organisationId\": 99999999999999999999}", "application/json", 400)]
    [InlineData("empty login body", "POST", "/api/v1/auth/login", "", "application/json", 400)]
    [InlineData("form body to a JSON endpoint", "POST", "/api/v1/groups", "slug=x&name=y", "application/x-www-form-urlencoded", 415)]
    [InlineData("role of the wrong type", "PATCH", "/api/v1/groups/left-behind-children/members/x", "{\"role\": true}", "application/json", 400)]
    public async Task Bad_request_is_answered_with_a_problem_detail_not_a_500(string what, string method, string path, string body, string contentType, int status)
    {
        using var admin = await App.ClientForAsync(DemoUsers.Admin);
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, Encoding.UTF8, contentType) };

        using var response = await admin.SendAsync(request);

        var problem = await response.ReadProblemAsync((HttpStatusCode)status);
        Assert.False(string.IsNullOrWhiteSpace(problem.Title), $"The problem detail for {what} has no title.");
        if (status == 400)
        {
            // The contract: a 400 says in `errors` which field is wrong, in words for the client, not the framework's.
            Assert.True(problem.Errors.Count > 0 && problem.Errors.Values.All(m => m.Length > 0), $"The 400 for {what} has no errors per field: {problem.Body}");
            Assert.DoesNotContain("ChildForum.", problem.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("Did you mean", problem.Body, StringComparison.Ordinal);
        }
    }

    [SkippableTheory]
    [InlineData("", "body")]
    [InlineData("null", "body")]
    [InlineData("[1, 2, 3]", "body")]
    [InlineData("{\"email\": \"new@example.org\",", "body")]
    [InlineData("{\"email\": 5}", "email")]
    [InlineData("{\"email\": \"new@example.org\", \"organisationId\": \"abc\"}", "organisationId")]
    [InlineData("{\"email\": \"new@example.org\", \"organisationId\": 99999999999999999999}", "organisationId")]
    [InlineData("{\"email\": [\"new@example.org\"], \"role\": \"member\"}", "email")]
    public async Task Body_that_cannot_be_read_is_400_naming_the_field_or_the_body(string body, string field)
    {
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        using var response = await facilitator.PostAsync("/api/v1/groups/left-behind-children/members", JsonBody(body));

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal([field], problem.Errors.Keys);
        Assert.DoesNotContain("ChildForum.", problem.Body, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("sign-in e-mail address", "/api/v1/auth/login", "{\"email\": \"a\\u0000b@example.org\", \"password\": \"whatever\"}")]
    [InlineData("organisation name", "/api/v1/organisations", "{\"name\": \"Nul\\u0000Org\", \"stakeholderType\": \"cso\"}")]
    [InlineData("group name", "/api/v1/groups", "{\"slug\": \"{slug}\", \"name\": \"Nul\\u0000Group\"}")]
    [InlineData("group description", "/api/v1/groups", "{\"slug\": \"{slug}\", \"name\": \"Fine\", \"description\": \"a\\u0000b\"}")]
    public async Task Text_containing_a_NUL_character_is_never_a_500(string field, string path, string body)
    {
        using var admin = await App.ClientForAsync(DemoUsers.Admin);

        using var response = await admin.PostAsync(path, JsonBody(body.Replace("{slug}", Unique.Slug(), StringComparison.Ordinal)));

        // JSON allows \u0000 in strings; PostgreSQL cannot store it. The site refuses it on both databases.
        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("NUL", problem.Detail, StringComparison.Ordinal);
        _ = field;
    }

    // A %00 in the path is refused by Kestrel itself (and cannot even be sent through the in-memory test server).
    [SkippableTheory]
    [InlineData("/api/v1/groups?x=%00")]
    [InlineData("/groups/left-behind-children?q=a%00b")]
    public async Task Address_containing_a_NUL_character_is_400(string path)
    {
        using var anonymous = App.CreateAnonymousClient();

        using var response = await anonymous.GetAsync(path);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("NUL", problem.Detail, StringComparison.Ordinal);
        Assert.NotEmpty(Assert.Single(problem.Errors).Value);
    }

    [SkippableFact]
    public async Task Empty_json_object_is_400_with_an_error_for_each_required_field()
    {
        using var admin = await App.ClientForAsync(DemoUsers.Admin);

        using var group = await admin.PostAsync("/api/v1/groups", JsonBody("{}"));
        using var organisation = await admin.PostAsync("/api/v1/organisations", JsonBody("{}"));

        var groupProblem = await group.ReadProblemAsync(HttpStatusCode.BadRequest);
        var organisationProblem = await organisation.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["name", "slug"], groupProblem.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["name", "stakeholderType"], organisationProblem.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.All(groupProblem.Errors.Values.Concat(organisationProblem.Errors.Values), messages => Assert.NotEmpty(messages));
    }

    [SkippableFact]
    public async Task Deeply_nested_json_is_400()
    {
        using var admin = await App.ClientForAsync(DemoUsers.Admin);
        var nested = new string('[', 200) + new string(']', 200);

        using var response = await admin.PostAsync("/api/v1/organisations", JsonBody($"{{\"name\": {nested}, \"stakeholderType\": \"cso\"}}"));

        await response.ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [SkippableFact]
    public async Task Body_over_one_megabyte_is_413()
    {
        // The in-memory test server does not enforce request size limits; Kestrel does.
        await using var site = App.NewSite(realServer: true);
        await site.StartAsync();
        using var admin = await site.ClientForAsync(DemoUsers.Admin);
        using var anonymous = site.CreateAnonymousClient();
        var slug = Unique.Slug();
        var description = new string('a', 1024 * 1024 + 1);

        using var createGroup = await admin.PostAsJsonAsync("/api/v1/groups", new { slug, name = "Too big", description });
        using var signIn = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = description, password = "x" });

        await createGroup.ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await signIn.ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await (await admin.GetAsync($"/api/v1/groups/{slug}")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [SkippableFact]
    public async Task Body_just_under_one_megabyte_is_read_and_judged_on_its_content()
    {
        using var admin = await App.ClientForAsync(DemoUsers.Admin);
        var description = new string('a', 1000 * 1000);

        using var response = await admin.PostAsJsonAsync("/api/v1/groups", new { slug = Unique.Slug(), name = "Long description", description });

        // Read in full, then refused for its content: descriptions are at most 4000 characters.
        Assert.Contains("description", (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
    }

    [SkippableTheory]
    [InlineData("/api/v1/groups/no-such-group")]
    [InlineData("/api/v1/groups/987654")]
    [InlineData("/api/v1/groups/99999999999999999999")]
    [InlineData("/api/v1/groups/0")]
    [InlineData("/api/v1/groups/-1")]
    [InlineData("/api/v1/groups/a-slug-that-is-far-too-long-to-be-a-slug-because-slugs-stop-at-sixty-four-characters")]
    [InlineData("/api/v1/groups/%E7%95%99%E5%AE%88")]
    [InlineData("/api/v1/groups/987654/members")]
    [InlineData("/api/v1/no-such-endpoint")]
    public async Task Unknown_address_is_404_problem_detail(string path)
    {
        using var admin = await App.ClientForAsync(DemoUsers.Admin);

        using var response = await admin.GetAsync(path);

        await response.ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [SkippableFact]
    public async Task Changing_members_of_an_unknown_group_is_404_for_a_facilitator_and_an_administrator()
    {
        using var admin = await App.ClientForAsync(DemoUsers.Admin);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        using var add = await facilitator.PostAsJsonAsync("/api/v1/groups/no-such-group/members", new { email = DemoUsers.Email(DemoUsers.Cso) });
        using var remove = await admin.DeleteAsync("/api/v1/groups/987654/members/someone");
        using var edit = await admin.PatchAsJsonAsync("/api/v1/groups/no-such-group", new { name = "Nothing" });

        await add.ReadProblemAsync(HttpStatusCode.NotFound);
        await remove.ReadProblemAsync(HttpStatusCode.NotFound);
        await edit.ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [SkippableFact]
    public async Task Wrong_method_is_405_problem_detail()
    {
        using var admin = await App.ClientForAsync(DemoUsers.Admin);

        using var response = await admin.DeleteAsync("/api/v1/organisations");

        await response.ReadProblemAsync(HttpStatusCode.MethodNotAllowed);
    }

    private static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");
}

[Collection(SqliteAppFixture.Collection)]
public sealed class ProblemDetailsTestsOnSqlite(SqliteAppFixture fixture) : ProblemDetailsTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class ProblemDetailsTestsOnPostgres(PostgresAppFixture fixture) : ProblemDetailsTests(fixture);
