using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using ChildForum.Testing;
using Xunit.Sdk;

namespace ChildForum.Files.Tests.Infrastructure;

public sealed record SearchHitJson(string Type, string Id, string Title, string Url, string Snippet);

public sealed record SearchAnswerJson(long Total, List<SearchHitJson> Items);

/// <summary>Search for documents, waiting for the indexer (content appears within 2 s: a test polls every 100 ms for up
/// to 10 s), and the owners' content a test attaches files to.</summary>
public static class DocumentSearch
{
    private static readonly TimeSpan IndexingPatience = TimeSpan.FromSeconds(10);

    public static async Task<SearchAnswerJson> SearchDocumentsAsync(this HttpClient client, string q, int groupId)
    {
        using var response = await client.GetAsync($"/api/v1/search?type=document&group={groupId}&q={Uri.EscapeDataString(q)}");
        return await response.ReadJsonAsync<SearchAnswerJson>();
    }

    /// <summary>Searches until <paramref name="condition"/> holds; fails with the last answer after 10 s.</summary>
    public static async Task<SearchAnswerJson> SearchDocumentsUntilAsync(this HttpClient client, string q, int groupId, Func<SearchAnswerJson, bool> condition, string expectation)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var answer = await client.SearchDocumentsAsync(q, groupId);
            if (condition(answer))
            {
                return answer;
            }
            if (clock.Elapsed > IndexingPatience)
            {
                throw new XunitException($"Waited for '{q}' to show {expectation}; the last answer had {answer.Total}: {string.Join(", ", answer.Items.Select(i => i.Title))}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>A meeting with one agenda item, its agenda not yet published.</summary>
    public static async Task<(int MeetingId, int AgendaItemId)> MeetingAsync(this ForumAppFactory app, int groupId)
    {
        using var facilitator = await app.ClientForAsync(DemoUsers.Facilitator);
        var day = DateTime.UtcNow.Date.AddDays(20).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using var response = await facilitator.PostAsJsonAsync($"/api/v1/groups/{groupId}/meetings", new
        {
            title = Unique.Name("Meeting"), startsAt = day + "T10:00", endsAt = day + "T12:00", timeZone = "Asia/Shanghai", location = "Room 3",
            agenda = new[] { new { title = "Survey findings" } },
        });
        var meeting = await response.ReadJsonAsync<MeetingJson>(HttpStatusCode.Created);
        return (meeting.Id, meeting.Agenda.Single().Id);
    }

    private sealed record AgendaItemJson(int Id);
    private sealed record MeetingJson(int Id, List<AgendaItemJson> Agenda);
}
