using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using ChildForum.Testing;

namespace ChildForum.PolicyDrafts.Tests.Infrastructure;

/// <summary>A group of the test's own with a draft in it. The default cast: the demo facilitator facilitates,
/// cso and official are members, researcher observes; business and outsider are not in the group.</summary>
public sealed record DraftScene(GroupJson Group, DraftSummaryJson Draft)
{
    public static readonly (string User, string Role)[] DefaultCast =
    [
        (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Cso, "member"), (DemoUsers.Official, "member"), (DemoUsers.Researcher, "observer"),
    ];

    /// <summary>Version 1 of the default draft: a heading and four paragraphs (blocks 0 to 4).</summary>
    public const string DefaultBody =
        "# Support for village child directors\n\n" +
        "Each new child director attends a two-day training within three months of appointment.\n\n" +
        "The training covers spotting neglect, talking with children, and when to refer a case.\n\n" +
        "A child director who is worried about a child contacts the township social work station.\n\n" +
        "Directors are expected to carry out the role next to their other work.";

    public int Id => Draft.Id;
}

/// <summary>Calls of the policy drafts API, for arranging a test; the behaviour under test is asserted on raw responses.</summary>
public static class DraftApi
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>A new group (members-only unless told) with <see cref="DraftScene.DefaultCast"/> or the given people, and a
    /// draft the group's first facilitator started with <paramref name="body"/> (default <see cref="DraftScene.DefaultBody"/>).</summary>
    public static async Task<DraftScene> NewSceneAsync(this ForumAppFactory app, string? body = null, string visibility = "members", params (string User, string Role)[] cast)
    {
        cast = cast.Length == 0 ? DraftScene.DefaultCast : cast;
        var group = await app.CreateGroupAsync(visibility, cast);
        using var facilitator = await app.ClientForAsync(cast.First(c => c.Role == "facilitator").User);
        var draft = await facilitator.CreateDraftAsync(group.Id, body ?? DraftScene.DefaultBody);
        return new DraftScene(group, draft);
    }

    public static Task<HttpResponseMessage> SendCreateDraftAsync(this HttpClient client, object group, string? body, string? title = null, string? language = null) =>
        client.PostAsJsonAsync($"/api/v1/groups/{group}/drafts", new { title = title ?? Unique.Name("Draft"), body, language }).WaitAsync(Patience);

    public static async Task<DraftSummaryJson> CreateDraftAsync(this HttpClient client, object group, string body, string? title = null, string? language = null)
    {
        using var response = await client.SendCreateDraftAsync(group, body, title, language);
        return await response.ReadJsonAsync<DraftSummaryJson>(HttpStatusCode.Created);
    }

    public static async Task<DraftJson> DraftAsync(this HttpClient client, int draftId, int? version = null)
    {
        using var response = await client.GetAsync($"/api/v1/drafts/{draftId}{(version is null ? "" : $"?version={version}")}").WaitAsync(Patience);
        return await response.ReadJsonAsync<DraftJson>();
    }

    public static Task<HttpResponseMessage> SendVersionAsync(this HttpClient client, int draftId, string? body, string? note = "A change.", int? baseVersion = null) =>
        client.PostAsJsonAsync($"/api/v1/drafts/{draftId}/versions", new { body, note, baseVersion }).WaitAsync(Patience);

    public static async Task<VersionCreatedJson> AddVersionAsync(this HttpClient client, int draftId, string body, string note = "A change.")
    {
        using var response = await client.SendVersionAsync(draftId, body, note);
        return await response.ReadJsonAsync<VersionCreatedJson>(HttpStatusCode.Created);
    }

    public static async Task<VersionJson> VersionAsync(this HttpClient client, int draftId, int version)
    {
        using var response = await client.GetAsync($"/api/v1/drafts/{draftId}/versions/{version}").WaitAsync(Patience);
        return await response.ReadJsonAsync<VersionJson>();
    }

    public static async Task<List<VersionSummaryJson>> VersionsAsync(this HttpClient client, int draftId)
    {
        using var response = await client.GetAsync($"/api/v1/drafts/{draftId}/versions").WaitAsync(Patience);
        return await response.ReadJsonAsync<List<VersionSummaryJson>>();
    }

    public static async Task<DiffJson> DiffAsync(this HttpClient client, int draftId, int from, int to)
    {
        using var response = await client.GetAsync($"/api/v1/drafts/{draftId}/diff?from={from}&to={to}").WaitAsync(Patience);
        return await response.ReadJsonAsync<DiffJson>();
    }

    public static Task<HttpResponseMessage> SendCommentAsync(this HttpClient client, int draftId, int? version, string? anchor, string? body, int? replyToId = null) =>
        client.PostAsJsonAsync($"/api/v1/drafts/{draftId}/comments", new { version, anchor, body, replyToId }).WaitAsync(Patience);

    public static async Task<CommentJson> CommentAsync(this HttpClient client, int draftId, int version, string? anchor, string body, int? replyToId = null)
    {
        using var response = await client.SendCommentAsync(draftId, version, anchor, body, replyToId);
        return await response.ReadJsonAsync<CommentJson>(HttpStatusCode.Created);
    }

    public static async Task<List<CommentJson>> CommentsAsync(this HttpClient client, int draftId, int? version = null)
    {
        using var response = await client.GetAsync($"/api/v1/drafts/{draftId}/comments{(version is null ? "" : $"?version={version}")}").WaitAsync(Patience);
        return await response.ReadJsonAsync<List<CommentJson>>();
    }

    public static Task<HttpResponseMessage> SendAmendmentAsync(this HttpClient client, int draftId, int? version, string? anchor, string? proposedText, string? rationale = "Clearer.") =>
        client.PostAsJsonAsync($"/api/v1/drafts/{draftId}/amendments", new { version, anchor, proposedText, rationale }).WaitAsync(Patience);

    public static async Task<AmendmentJson> ProposeAsync(this HttpClient client, int draftId, int version, string anchor, string proposedText, string rationale = "Clearer.")
    {
        using var response = await client.SendAmendmentAsync(draftId, version, anchor, proposedText, rationale);
        return await response.ReadJsonAsync<AmendmentJson>(HttpStatusCode.Created);
    }

    public static async Task<List<AmendmentJson>> AmendmentsAsync(this HttpClient client, int draftId, string? status = null)
    {
        using var response = await client.GetAsync($"/api/v1/drafts/{draftId}/amendments{(status is null ? "" : $"?status={status}")}").WaitAsync(Patience);
        return await response.ReadJsonAsync<List<AmendmentJson>>();
    }

    public static Task<HttpResponseMessage> SendAcceptAsync(this HttpClient client, int amendmentId) =>
        client.PostAsync($"/api/v1/amendments/{amendmentId}/accept", null).WaitAsync(Patience);

    public static async Task<AmendmentJson> AcceptAsync(this HttpClient client, int amendmentId)
    {
        using var response = await client.SendAcceptAsync(amendmentId);
        return await response.ReadJsonAsync<AmendmentJson>();
    }

    public static Task<HttpResponseMessage> SendRejectAsync(this HttpClient client, int amendmentId, string? reason) =>
        client.PostAsJsonAsync($"/api/v1/amendments/{amendmentId}/reject", new { reason }).WaitAsync(Patience);

    public static Task<HttpResponseMessage> SendPositionAsync(this HttpClient client, int draftId, string? stance, string? statement = "Our view.") =>
        client.PutAsJsonAsync($"/api/v1/drafts/{draftId}/positions", new { stance, statement }).WaitAsync(Patience);

    public static async Task<PositionJson> StatePositionAsync(this HttpClient client, int draftId, string stance, string statement = "Our view.")
    {
        using var response = await client.SendPositionAsync(draftId, stance, statement);
        return await response.ReadJsonAsync<PositionJson>();
    }

    public static async Task<List<PositionJson>> PositionsAsync(this HttpClient client, int draftId)
    {
        using var response = await client.GetAsync($"/api/v1/drafts/{draftId}/positions").WaitAsync(Patience);
        return await response.ReadJsonAsync<List<PositionJson>>();
    }

    public static Task<HttpResponseMessage> SendStatusAsync(this HttpClient client, int draftId, string? status) =>
        client.PostAsJsonAsync($"/api/v1/drafts/{draftId}/status", new { status }).WaitAsync(Patience);

    public static async Task<DraftSummaryJson> SetStatusAsync(this HttpClient client, int draftId, string status)
    {
        using var response = await client.SendStatusAsync(draftId, status);
        return await response.ReadJsonAsync<DraftSummaryJson>();
    }

    /// <summary>The anchor of block <paramref name="index"/> of the draft's newest version.</summary>
    public static async Task<string> AnchorAsync(this HttpClient client, int draftId, int index) =>
        (await client.DraftAsync(draftId)).Blocks[index].Anchor;

    public static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
