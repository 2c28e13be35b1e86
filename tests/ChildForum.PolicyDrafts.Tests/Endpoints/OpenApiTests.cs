using System.Net;
using System.Text.Json;
using ChildForum.Testing;

namespace ChildForum.PolicyDrafts.Tests.Endpoints;

/// <summary>The OpenAPI document follows from the handlers' typed results: each drafts route names its success and
/// its problem statuses, and the requests that carry text offer <c>confirmPersonalData</c>.</summary>
public abstract class OpenApiTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private async Task<JsonDocument> DocumentAsync()
    {
        using var anonymous = App.CreateAnonymousClient();
        using var response = await anonymous.GetAsync("/openapi/v1.json");
        await response.AssertStatusAsync(HttpStatusCode.OK);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    [SkippableTheory]
    [InlineData("/api/v1/groups/{group}/drafts", "post", "201,400,404,409,413")]
    [InlineData("/api/v1/drafts/{id}", "get", "200,400,404")]
    [InlineData("/api/v1/drafts/{id}/versions", "post", "201,400,404,409,413")]
    [InlineData("/api/v1/drafts/{id}/comments", "post", "201,400,404,409")]
    [InlineData("/api/v1/drafts/{id}/amendments", "post", "201,400,404,409")]
    [InlineData("/api/v1/drafts/{id}/positions", "put", "200,400,404,409")]
    [InlineData("/api/v1/amendments/{id}/reject", "post", "200,400,404,409")]
    [InlineData("/api/v1/drafts/{id}/versions/{number}/markdown", "get", "200,404")]
    public async Task Drafts_routes_describe_their_answers_and_no_injected_parameters(string path, string method, string statuses)
    {
        using var document = await DocumentAsync();

        var operation = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method);
        var described = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToHashSet();
        Assert.Superset(statuses.Split(',').ToHashSet(), described);
        var parameters = operation.TryGetProperty("parameters", out var list) ? list.EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList() : [];
        Assert.DoesNotContain(parameters, p => p is "User" or "user" or "Rule" or "Drafts" or "Feedback" or "T" or "Cancellation");
    }

    [SkippableTheory]
    [InlineData("CreateDraftRequest")]
    [InlineData("NewVersionRequest")]
    [InlineData("CommentRequest")]
    [InlineData("AmendmentRequest")]
    [InlineData("RejectRequest")]
    [InlineData("PositionRequest")]
    public async Task Requests_that_carry_text_offer_confirmPersonalData(string schema)
    {
        using var document = await DocumentAsync();

        var properties = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty(schema).GetProperty("properties");

        Assert.True(properties.TryGetProperty("confirmPersonalData", out _), $"{schema} has no confirmPersonalData.");
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class OpenApiTestsOnSqlite(SqliteAppFixture fixture) : OpenApiTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class OpenApiTestsOnPostgres(PostgresAppFixture fixture) : OpenApiTests(fixture);
