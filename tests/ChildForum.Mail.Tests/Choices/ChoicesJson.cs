using System.Net.Http.Json;
using ChildForum.Testing;

namespace ChildForum.Mail.Tests.Choices;

/// <summary>The JSON of <c>/api/v1/me/notification-settings</c> as shared/API.md gives it, read into records of the test's
/// own, so that a change of the wire format fails here.</summary>
public sealed record NotificationSettingsJson(bool Enabled, int DigestHour, string TimeZone, string Language, IReadOnlyList<GroupModeJson> Groups);

public sealed record GroupModeJson(int GroupId, string Mode);

public static class ChoicesApi
{
    public const string Url = "/api/v1/me/notification-settings";

    public static async Task<NotificationSettingsJson> GetChoicesAsync(this HttpClient client)
    {
        using var response = await client.GetAsync(Url);
        return await response.ReadJsonAsync<NotificationSettingsJson>();
    }

    public static Task<HttpResponseMessage> PutChoicesAsync(this HttpClient client, object body) => client.PutAsJsonAsync(Url, body);

    /// <summary>A person of their own, a member of a members-only group and an observer of a public one, signed in with a bearer token.</summary>
    public static async Task<(TestUser Person, HttpClient Client, GroupJson Member, GroupJson Observer)> PersonInTwoGroupsAsync(this ForumAppFactory app)
    {
        var person = await app.CreateUserAsync();
        var member = await app.CreateGroupAsync("members", (person.Email, "member"));
        var observer = await app.CreateGroupAsync("public", (person.Email, "observer"));
        return (person, await app.ClientForAsync(person), member, observer);
    }
}
