using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ChildForum.Files.Tests.Archives;
using ChildForum.Files.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Files.Tests.Exports;

/// <summary>The record exports (attendance, decisions, actions, positions) as CSV and XLSX, parsed back: the rows are what
/// the group's readers read through the API, a Chatham House meeting's attendance only as counts per stakeholder type and
/// its action owners only by stakeholder type; headers in English and Chinese; formula-like cells neutralised in both
/// formats. Who may export: readers for decisions, actions and positions, facilitators for attendance; anyone who may not
/// read the group gets 404 without its name.</summary>
public abstract class ExportTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private const string Hillside = "Hillside Parents' Association";
    private const string GaoLei = "Gao Lei";
    private const string Hyperlink = "=HYPERLINK(\"http://evil.example\",\"click\")";
    private const string Sum = "@SUM(1)";

    private sealed record Arranged(GroupJson Group, int Named, int Chatham, int Draft);

    /// <summary>A members-only group with a named meeting (attendance, a decision and an action whose texts look like
    /// formulas), a Chatham House meeting (attendance and an action of Gao Lei of Hillside, published minutes under
    /// Chatham House) and a draft with a position.</summary>
    private async Task<Arranged> ArrangeAsync()
    {
        var group = await App.NewGroupAsync();
        var gaoLei = await App.CreateUserAsync(Hillside, GaoLei);
        await App.AddMembershipAsync(group.Id, gaoLei.Email, "member");
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var csoId = await App.UserIdAsync(DemoUsers.Cso);
        var officialId = await App.UserIdAsync(DemoUsers.Official);
        string Day(int days) => DateTime.UtcNow.Date.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var named = await facilitator.CreateAsync($"/api/v1/groups/{group.Id}/meetings", new
        {
            title = "Planning 规划", startsAt = Day(-6) + "T09:00", endsAt = Day(-6) + "T10:00", timeZone = "Asia/Shanghai", location = "Room 1",
            agenda = new[] { new { title = "Budget 预算" } },
        });
        await facilitator.SendOkAsync(HttpMethod.Post, $"/api/v1/meetings/{named}/agenda/publish");
        var budget = (await MeetingAsync(facilitator, named)).GetProperty("agenda")[0].GetProperty("id").GetInt32();
        await facilitator.SendOkAsync(HttpMethod.Put, $"/api/v1/meetings/{named}/attendance", new[] { new { userId = csoId, status = "present" }, new { userId = officialId, status = "apologies" } });
        await facilitator.SendOkAsync(HttpMethod.Post, $"/api/v1/meetings/{named}/decisions", new { agendaItemId = budget, text = Hyperlink });
        await facilitator.SendOkAsync(HttpMethod.Post, $"/api/v1/meetings/{named}/actions", new { title = Sum, ownerUserId = officialId, dueDate = Day(10) });

        var chatham = await facilitator.CreateAsync($"/api/v1/groups/{group.Id}/meetings", new
        {
            title = "Consultation 磋商", startsAt = Day(-3) + "T10:00", endsAt = Day(-3) + "T12:00", timeZone = "Asia/Shanghai", location = "Room 3",
            agenda = new[] { new { title = "Survey findings" } },
        });
        await facilitator.SendOkAsync(HttpMethod.Post, $"/api/v1/meetings/{chatham}/agenda/publish");
        await facilitator.SendOkAsync(HttpMethod.Put, $"/api/v1/meetings/{chatham}/attendance", new[]
        {
            new { userId = csoId, status = "present" }, new { userId = gaoLei.Id, status = "present" }, new { userId = officialId, status = "absent" },
        });
        await facilitator.SendOkAsync(HttpMethod.Post, $"/api/v1/meetings/{chatham}/decisions", new { text = "A second consultation in spring. 春季第二次磋商。" });
        await facilitator.SendOkAsync(HttpMethod.Post, $"/api/v1/meetings/{chatham}/actions", new { title = "Send the survey tables", ownerUserId = gaoLei.Id, dueDate = Day(14) });
        await facilitator.SendOkAsync(HttpMethod.Put, $"/api/v1/meetings/{chatham}/minutes", new { body = "## Survey findings\n\nThe survey was presented.", attribution = "chatham-house" });
        await facilitator.SendOkAsync(HttpMethod.Post, $"/api/v1/meetings/{chatham}/minutes/publish", new { });

        var draft = await facilitator.CreateAsync($"/api/v1/groups/{group.Id}/drafts", new { title = "Regulation on care 关爱条例", body = "# Article 1\n\nText. 文本。" });
        await facilitator.SendOkAsync(HttpMethod.Post, $"/api/v1/drafts/{draft}/status", new { status = "consultation" });
        await cso.SendOkAsync(HttpMethod.Put, $"/api/v1/drafts/{draft}/positions", new { stance = "support", statement = "+1, we support article 1. 支持。", version = 1 });
        return new Arranged(group, named, chatham, draft);
    }

    [SkippableFact]
    public async Task Each_table_holds_what_readers_read_and_no_name_under_Chatham_House()
    {
        var arranged = await ArrangeAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var member = await App.ClientForAsync(DemoUsers.Cso);
        var named = await MeetingAsync(member, arranged.Named);
        var chatham = await MeetingAsync(member, arranged.Chatham);

        var attendance = await facilitator.ExportAsync(arranged.Group.Id, "attendance", "csv");
        Assert.Equal(["Meeting id", "Meeting", "Date", "Person", "Organisation", "Stakeholder type", "Status", "People"], attendance.Headers);
        // The named meeting: one row per person, as a reader reads the attendance list.
        var expectedNamed = named.GetProperty("attendance").GetProperty("entries").EnumerateArray()
            .Select(e => new[] { arranged.Named.ToString(CultureInfo.InvariantCulture), "Planning 规划", e.GetProperty("displayName").GetString()!, e.GetProperty("organisation").GetString()!, e.GetProperty("stakeholderType").GetString()!, e.GetProperty("status").GetString()!, "1" }).ToList();
        Assert.Equal(2, expectedNamed.Count);
        // The Chatham House meeting (the facilitator exports too, but what readers read): counts per type and status.
        Assert.Empty(chatham.GetProperty("attendance").GetProperty("entries").EnumerateArray());
        var expectedChatham = chatham.GetProperty("attendance").GetProperty("byStakeholderType").EnumerateObject()
            .SelectMany(t => new[] { "present", "apologies", "absent" }.Select(s => (Type: t.Name, Status: s, People: t.Value.GetProperty(s).GetInt32())))
            .Where(c => c.People > 0)
            .Select(c => new[] { arranged.Chatham.ToString(CultureInfo.InvariantCulture), "Consultation 磋商", "", "", c.Type, c.Status, c.People.ToString(CultureInfo.InvariantCulture) }).ToList();
        Assert.Equal(3, expectedChatham.Sum(r => int.Parse(r[6], CultureInfo.InvariantCulture)));
        Assert.Equal(expectedNamed.Concat(expectedChatham).Select(r => string.Join("|", r)),
            attendance.Rows.Select(r => string.Join("|", r.Where((_, i) => i != 2))));
        Assert.Equal(named.GetProperty("startsAt").GetString()![..10], attendance.Rows[0][2]);

        var decisions = await member.ExportAsync(arranged.Group.Id, "decisions", "csv");
        Assert.Equal(["Meeting id", "Meeting", "Date", "Agenda item", "Decision", "Recorded at"], decisions.Headers);
        Assert.Equal(["'" + Hyperlink, "A second consultation in spring. 春季第二次磋商。"], decisions.Column("Decision"));
        Assert.Equal(["Budget 预算", ""], decisions.Column("Agenda item"));

        var actions = await member.ExportAsync(arranged.Group.Id, "actions", "csv");
        Assert.Equal(["'" + Sum, "Send the survey tables"], actions.Column("Action"));
        var officialName = named.GetProperty("actions")[0].GetProperty("owner").GetProperty("name").GetString();
        Assert.Equal([officialName!, ""], actions.Column("Owner"));
        Assert.Equal([named.GetProperty("actions")[0].GetProperty("owner").GetProperty("organisation").GetString()!, ""], actions.Column("Owner's organisation"));
        Assert.Equal(chatham.GetProperty("actions")[0].GetProperty("owner").GetProperty("stakeholderType").GetString(), actions.Column("Owner's stakeholder type")[1]);
        Assert.Equal(["open", "open"], actions.Column("Status"));

        var positions = await member.ExportAsync(arranged.Group.Id, "positions", "csv");
        var position = Assert.Single(positions.Rows);
        Assert.Equal([arranged.Draft.ToString(CultureInfo.InvariantCulture), "Regulation on care 关爱条例"], position.Take(2));
        Assert.Equal(["support", "1", "'+1, we support article 1. 支持。"], [positions.Column("Stance")[0], positions.Column("Version")[0], positions.Column("Statement")[0]]);

        // No name or organisation of the Chatham House meeting's people in any row of it.
        foreach (var row in attendance.Rows.Where(r => r[0] == arranged.Chatham.ToString(CultureInfo.InvariantCulture)).Concat(actions.Rows.Skip(1)))
        {
            Assert.DoesNotContain(row, cell => cell.Contains(GaoLei, StringComparison.OrdinalIgnoreCase) || cell.Contains(Hillside, StringComparison.OrdinalIgnoreCase));
        }
        Assert.DoesNotContain(attendance.Rows.SelectMany(r => r), cell => cell.Contains(GaoLei, StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task The_xlsx_holds_the_csv_rows_with_numbers_and_headers_in_the_callers_language()
    {
        var arranged = await ArrangeAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        foreach (var table in new[] { "attendance", "decisions", "actions", "positions" })
        {
            var csv = await facilitator.ExportAsync(arranged.Group.Id, table, "csv");
            var xlsx = await facilitator.ExportAsync(arranged.Group.Id, table, "xlsx");
            var chinese = await facilitator.ExportAsync(arranged.Group.Id, table, "xlsx", "zh-Hans");
            var chineseCsv = await facilitator.ExportAsync(arranged.Group.Id, table, "csv", "zh-Hans");

            Assert.Equal(csv.Headers, xlsx.Headers);
            Assert.Equal(csv.Rows.Select(r => string.Join("|", r)), xlsx.Rows.Select(r => string.Join("|", r)));
            Assert.Equal(csv.Rows.Select(r => string.Join("|", r)), chinese.Rows.Select(r => string.Join("|", r)));
            Assert.Equal(chinese.Headers, chineseCsv.Headers);
            Assert.All(chinese.Headers, h => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", h));
        }
        var decisions = await facilitator.ExportAsync(arranged.Group.Id, "decisions", "xlsx", "zh-Hans");
        Assert.Equal(["会议编号", "会议", "日期", "议程项目", "决定", "记录时间"], decisions.Headers);
        Assert.Equal("'" + Hyperlink, decisions.Rows[0][4]);
    }

    public enum Caller { Outsider, Anonymous, MemberOfAnotherGroup, RemovedMember }

    [SkippableTheory]
    [InlineData(Caller.Outsider)]
    [InlineData(Caller.Anonymous)]
    [InlineData(Caller.MemberOfAnotherGroup)]
    [InlineData(Caller.RemovedMember)]
    public async Task Who_may_not_read_the_group_gets_404_without_its_name(Caller caller)
    {
        var group = await App.NewGroupAsync();
        var removed = await App.CreateUserAsync();
        await App.AddMembershipAsync(group.Id, removed.Email, "member");
        using var client = await ClientAsync(caller, removed, group.Id);

        foreach (var table in new[] { "attendance", "decisions", "actions", "positions" })
        {
            foreach (var format in new[] { "csv", "xlsx" })
            {
                using var answer = await client.GetAsync($"/api/v1/groups/{group.Id}/exports/{table}?format={format}");
                var problem = await answer.ReadProblemAsync(HttpStatusCode.NotFound);
                Assert.DoesNotContain(group.Name, problem.Body, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(group.Slug, problem.Body, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [SkippableFact]
    public async Task Readers_export_decisions_actions_and_positions_and_only_facilitators_attendance()
    {
        var group = await App.NewGroupAsync();
        using var observer = await App.ClientForAsync(DemoUsers.Researcher);
        using var member = await App.ClientForAsync(DemoUsers.Cso);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        foreach (var table in new[] { "decisions", "actions", "positions" })
        {
            Assert.Empty((await observer.ExportAsync(group.Id, table, "csv")).Rows);
        }
        foreach (var client in new[] { observer, member })
        {
            using var attendance = await client.GetAsync($"/api/v1/groups/{group.Id}/exports/attendance?format=csv");
            await attendance.ReadProblemAsync(HttpStatusCode.Forbidden);
        }
        Assert.Empty((await facilitator.ExportAsync(group.Id, "attendance", "xlsx")).Rows);
    }

    [SkippableTheory]
    [InlineData("minutes", "csv", "table")]
    [InlineData("ATTENDANCE", "csv", "table")]
    [InlineData("decisions", "pdf", "format")]
    [InlineData("decisions", "", "format")]
    public async Task An_unknown_table_or_format_is_refused_naming_it(string table, string format, string field)
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        using var answer = await facilitator.GetAsync($"/api/v1/groups/{group.Id}/exports/{table}?format={format}");

        var problem = await answer.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(field, problem.Errors.Keys);
    }

    [SkippableFact]
    public async Task Without_a_format_the_export_is_csv()
    {
        var group = await App.NewGroupAsync();
        using var member = await App.ClientForAsync(DemoUsers.Cso);

        using var answer = await member.GetAsync($"/api/v1/groups/{group.Id}/exports/decisions");

        await answer.AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("text/csv", answer.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<JsonElement> MeetingAsync(HttpClient reader, int id)
    {
        using var answer = await reader.GetAsync($"/api/v1/meetings/{id}");
        await answer.AssertStatusAsync(HttpStatusCode.OK);
        return JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private async Task<HttpClient> ClientAsync(Caller caller, TestUser removed, int groupId)
    {
        switch (caller)
        {
            case Caller.Outsider:
                return await App.ClientForAsync(DemoUsers.Outsider);
            case Caller.Anonymous:
                return App.CreateAnonymousClient();
            case Caller.MemberOfAnotherGroup:
                var stranger = await App.CreateUserAsync();
                var other = await App.NewGroupAsync();
                await App.AddMembershipAsync(other.Id, stranger.Email, "facilitator");
                return await App.ClientForAsync(stranger);
            default:
                using (var admin = await App.ClientForAsync(DemoUsers.Admin))
                {
                    using var response = await admin.DeleteAsync($"/api/v1/groups/{groupId}/members/{removed.Id}");
                    Assert.True(response.IsSuccessStatusCode, $"Removing the member: {(int)response.StatusCode}");
                }
                return await App.ClientForAsync(removed);
        }
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class ExportTestsOnSqlite(SqliteAppFixture fixture) : ExportTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class ExportTestsOnPostgres(PostgresAppFixture fixture) : ExportTests(fixture);
