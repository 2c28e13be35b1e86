using System.Globalization;
using System.Net.Http.Json;
using ChildForum.Core.Data;
using ChildForum.Core.Identity;
using ChildForum.Core.Security;
using ChildForum.Mail.Models;
using ChildForum.Testing;
using ChildForum.WorkingGroups.Models;
using Microsoft.EntityFrameworkCore;

namespace ChildForum.Mail.Benchmarks;

/// <summary>The people and their groups, written straight to the database (not timed), and a day's activity in each group
/// through the API as a facilitator writes it: two threads of four messages, a draft, a meeting whose agenda is published
/// and three actions (one overdue) owned by members.</summary>
public static class Seed
{
    public const string Zone = "Asia/Shanghai";
    public const int DigestHour = 7;

    /// <summary>The first 07:05 in Shanghai at or after <paramref name="nowUtc"/>: the scheduler's run, whose day-long
    /// period covers the activity just written.</summary>
    public static DateTime DigestMoment(DateTime nowUtc)
    {
        var at = DateTime.SpecifyKind(nowUtc.Date.AddHours(DigestHour - 8).AddMinutes(5), DateTimeKind.Utc);
        while (at < nowUtc)
        {
            at = at.AddDays(1);
        }
        return at;
    }

    /// <summary>Returns the people's ids.</summary>
    public static async Task<List<string>> RunAsync(ForumAppFactory site, Options options)
    {
        var now = DateTime.UtcNow;
        var organisations = await site.QueryDatabaseAsync(db => db.Organisations.Select(o => o.Id).ToListAsync());
        var people = Enumerable.Range(0, options.People).Select(i => Guid.NewGuid().ToString()).ToList();
        foreach (var chunk in people.Select((id, i) => (id, i)).Chunk(2_000))
        {
            await site.QueryDatabaseAsync(db =>
            {
                foreach (var (id, i) in chunk)
                {
                    var email = $"bench-{i}-{id[..8]}@example.org";
                    db.Users.Add(new ForumUser
                    {
                        Id = id, UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
                        EmailConfirmed = true, DisplayName = $"Person {i}", OrganisationId = organisations[i % organisations.Count], CreatedAt = now,
                        SecurityStamp = Guid.NewGuid().ToString("N"), ConcurrencyStamp = Guid.NewGuid().ToString(),
                    });
                    db.Add(new NotificationSettings { UserId = id, DigestHour = DigestHour, TimeZone = Zone, Language = i % 2 == 0 ? "en" : "zh-Hans" });
                }
                return db.SaveChangesAsync();
            });
        }

        var groups = new List<(GroupJson Group, TestUser Facilitator)>();
        for (var g = 0; g < options.Groups; g++)
        {
            var facilitator = await site.CreateUserAsync();
            groups.Add((await site.CreateGroupAsync("members", (facilitator.Email, "facilitator")), facilitator));
        }
        // Person i is in groups i, i + stride, i + 2 stride… (mod the number of groups): every group gets as many people.
        var stride = Math.Max(1, options.Groups / options.GroupsPerPerson);
        var membersOf = groups.Select(_ => new List<string>()).ToList();
        foreach (var chunk in people.Select((id, i) => (id, i)).Chunk(1_000))
        {
            await site.QueryDatabaseAsync(db =>
            {
                foreach (var (id, i) in chunk)
                {
                    foreach (var g in Enumerable.Range(0, options.GroupsPerPerson).Select(k => (i + k * stride) % options.Groups).Distinct())
                    {
                        membersOf[g].Add(id);
                        db.Add(new Membership { GroupId = groups[g].Group.Id, UserId = id, Role = GroupRole.Member, AddedAt = now });
                        db.Add(new GroupNotificationSetting { UserId = id, GroupId = groups[g].Group.Id, Mode = NotificationModes.Digest });
                    }
                }
                return db.SaveChangesAsync();
            });
        }

        for (var g = 0; g < groups.Count; g++)
        {
            await ActivityAsync(site, groups[g].Group, groups[g].Facilitator, membersOf[g], g);
        }
        // The events' own mails (agenda, actions assigned) are not measured: set aside so the sender meets only the test mails.
        await site.QueryDatabaseAsync(db => db.Set<OutgoingMail>().Where(m => m.Status == OutgoingMailStatus.Queued)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.Status, OutgoingMailStatus.Withheld)));
        return people;
    }

    private static async Task ActivityAsync(ForumAppFactory site, GroupJson group, TestUser facilitator, List<string> members, int g)
    {
        using var client = await site.ClientForAsync(facilitator.Email, facilitator.Password);
        for (var t = 0; t < 2; t++)
        {
            var thread = await PostAsync<IdJson>(client, $"/api/v1/groups/{group.Id}/threads", new { title = $"Dormitory safety, part {t + 1}", body = "Opening the discussion on night-time supervision in boarding schools." });
            for (var m = 0; m < 4; m++)
            {
                await PostAsync<IdJson>(client, $"/api/v1/threads/{thread.Id}/messages", new { body = $"Point {m + 1}: staffing ratios and training for house parents. 第{m + 1}点：宿舍管理员的配比与培训。", clientMessageId = Guid.NewGuid().ToString("N") });
            }
        }
        await PostAsync<IdJson>(client, $"/api/v1/groups/{group.Id}/drafts", new { title = $"Guidelines {g}", body = "# Guidelines\n\nSchools publish their supervision plan.\n\n学校公布其监护计划。" });
        string Wall(int days, int hour) => DateTime.UtcNow.Date.AddDays(days).AddHours(hour).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        var meeting = await PostAsync<IdJson>(client, $"/api/v1/groups/{group.Id}/meetings", new
        {
            title = $"Quarterly review {g}", startsAt = Wall(7, 9), endsAt = Wall(7, 11), timeZone = Seed.Zone, location = "Room 2",
            agenda = new object[] { new { title = "Dormitories", durationMinutes = 30 }, new { title = "Reporting lines", durationMinutes = 30 } },
        });
        using (var published = await client.PostAsync($"/api/v1/meetings/{meeting.Id}/agenda/publish", null))
        {
            published.EnsureSuccessStatusCode();
        }
        for (var a = 0; a < 3; a++)
        {
            var due = DateTime.UtcNow.Date.AddDays(a == 0 ? -2 : 3 + a).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            await PostAsync<IdJson>(client, $"/api/v1/meetings/{meeting.Id}/actions", new { title = $"Follow-up {a + 1}", ownerUserId = members[(a * 97) % members.Count], dueDate = due });
        }
    }

    private static async Task<T> PostAsync<T>(HttpClient client, string url, object body)
    {
        using var response = await client.PostAsJsonAsync(url, body);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    private sealed record IdJson(long Id);
}
