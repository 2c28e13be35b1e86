using System.Net;
using ChildForum.Meetings.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Meetings.Tests.Endpoints;

/// <summary>The attendance list: replaced as a whole by facilitators, only members of the group on it, once each, with a
/// known status; counted by stakeholder type and by organisation.</summary>
public abstract class AttendanceTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private const string Sunflower = "Sunflower Children's Service Centre";

    private sealed record Arranged(GroupJson Group, MeetingJson Meeting, TestUser Colleague, Dictionary<string, string> Ids);

    /// <summary>The default cast plus a second person of cso's organisation (Sunflower), as a member.</summary>
    private async Task<Arranged> ArrangeAsync()
    {
        var group = await App.NewGroupAsync();
        var colleague = await App.CreateUserAsync(Sunflower);
        await App.AddMembershipAsync(group.Id, colleague.Email, "member");
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var meeting = await facilitator.CreatePastMeetingAsync(group.Id);
        var ids = new Dictionary<string, string>();
        foreach (var user in DemoUsers.All)
        {
            ids[user] = await App.UserIdAsync(user);
        }
        return new Arranged(group, meeting, colleague, ids);
    }

    [SkippableFact]
    public async Task Attendance_is_counted_by_stakeholder_type_and_by_organisation()
    {
        var arranged = await ArrangeAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        var attendance = await facilitator.SetAttendanceAsync(arranged.Meeting.Id,
            (arranged.Ids[DemoUsers.Facilitator], "present"), (arranged.Ids[DemoUsers.Cso], "present"), (arranged.Colleague.Id, "present"),
            (arranged.Ids[DemoUsers.Official], "apologies"), (arranged.Ids[DemoUsers.Researcher], "absent"));

        Assert.Equal(new CountsJson(3, 0, 0), attendance.ByStakeholderType["cso"]);
        Assert.Equal(new CountsJson(0, 1, 0), attendance.ByStakeholderType["government"]);
        Assert.Equal(new CountsJson(0, 0, 1), attendance.ByStakeholderType["university"]);
        Assert.Equal(new CountsJson(0, 0, 0), attendance.ByStakeholderType["business"]);
        var sunflower = Assert.Single(attendance.ByOrganisation, o => o.Name == Sunflower);
        Assert.Equal(("cso", new CountsJson(2, 0, 0)), (sunflower.StakeholderType, sunflower.Counts));
        Assert.Equal(new CountsJson(0, 1, 0), Assert.Single(attendance.ByOrganisation, o => o.Name == "Riverside District Civil Affairs Bureau").Counts);
        Assert.Equal(new CountsJson(1, 0, 0), Assert.Single(attendance.ByOrganisation, o => o.Name == "ChildForum Secretariat").Counts);
        Assert.Equal(4, attendance.ByOrganisation.Count);
        Assert.Equal(5, attendance.Entries.Count);
        var zhang = Assert.Single(attendance.Entries, e => e.UserId == arranged.Ids[DemoUsers.Cso]);
        Assert.Equal(("Zhang Min", Sunflower, "cso", "present"), (zhang.DisplayName, zhang.Organisation, zhang.StakeholderType, zhang.Status));

        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var read = (await cso.MeetingAsync(arranged.Meeting.Id)).Attendance;
        Assert.Equal(attendance.ByStakeholderType, read.ByStakeholderType);
        Assert.Equal(attendance.Entries.Select(e => (e.UserId, e.Status)).Order(), read.Entries.Select(e => (e.UserId, e.Status)).Order());
    }

    [SkippableFact]
    public async Task Put_replaces_the_whole_list()
    {
        var arranged = await ArrangeAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        await facilitator.SetAttendanceAsync(arranged.Meeting.Id, (arranged.Ids[DemoUsers.Cso], "present"), (arranged.Ids[DemoUsers.Official], "present"));

        var replaced = await facilitator.SetAttendanceAsync(arranged.Meeting.Id, (arranged.Ids[DemoUsers.Official], "absent"));

        var only = Assert.Single(replaced.Entries);
        Assert.Equal((arranged.Ids[DemoUsers.Official], "absent"), (only.UserId, only.Status));
        Assert.Equal(new CountsJson(0, 0, 0), replaced.ByStakeholderType["cso"]);
        Assert.Single((await facilitator.MeetingAsync(arranged.Meeting.Id)).Attendance.Entries);
        Assert.Empty((await facilitator.SetAttendanceAsync(arranged.Meeting.Id)).Entries);
    }

    [SkippableFact]
    public async Task Recording_attendance_of_a_meeting_that_started_marks_it_held()
    {
        var arranged = await ArrangeAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        await facilitator.SetAttendanceAsync(arranged.Meeting.Id, (arranged.Ids[DemoUsers.Cso], "present"));

        Assert.Equal("held", (await facilitator.MeetingAsync(arranged.Meeting.Id)).Status);
    }

    [SkippableTheory]
    [InlineData(DemoUsers.Business)]
    [InlineData(DemoUsers.Outsider)]
    [InlineData("no-such-user")]
    public async Task Someone_not_in_the_group_is_400_keyed_by_the_entry_and_nothing_is_saved(string who)
    {
        var arranged = await ArrangeAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        await facilitator.SetAttendanceAsync(arranged.Meeting.Id, (arranged.Ids[DemoUsers.Official], "present"));
        var stranger = arranged.Ids.GetValueOrDefault(who) ?? who;

        using var response = await facilitator.SendAttendanceAsync(arranged.Meeting.Id, new[]
        {
            new { userId = arranged.Ids[DemoUsers.Cso], status = "present" },
            new { userId = stranger, status = "present" },
        });

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["[1].userId"], problem.Errors.Keys);
        var kept = Assert.Single((await facilitator.MeetingAsync(arranged.Meeting.Id)).Attendance.Entries);
        Assert.Equal(arranged.Ids[DemoUsers.Official], kept.UserId);
    }

    [SkippableFact]
    public async Task Same_person_twice_is_400_keyed_by_the_second_entry()
    {
        var arranged = await ArrangeAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        using var response = await facilitator.SendAttendanceAsync(arranged.Meeting.Id, new[]
        {
            new { userId = arranged.Ids[DemoUsers.Cso], status = "present" },
            new { userId = arranged.Ids[DemoUsers.Official], status = "present" },
            new { userId = arranged.Ids[DemoUsers.Cso], status = "absent" },
        });

        Assert.Equal(["[2].userId"], (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Empty((await facilitator.MeetingAsync(arranged.Meeting.Id)).Attendance.Entries);
    }

    [SkippableTheory]
    [InlineData("late")]
    [InlineData("")]
    [InlineData(null)]
    public async Task Unknown_status_is_400_keyed_by_the_entry(string? status)
    {
        var arranged = await ArrangeAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        using var response = await facilitator.SendAttendanceAsync(arranged.Meeting.Id, new[]
        {
            new { userId = arranged.Ids[DemoUsers.Official], status = (string?)"present" },
            new { userId = arranged.Ids[DemoUsers.Cso], status },
        });

        Assert.Equal(["[1].status"], (await response.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Empty((await facilitator.MeetingAsync(arranged.Meeting.Id)).Attendance.Entries);
    }

    [SkippableFact]
    public async Task Entry_without_a_user_id_is_400_keyed_by_the_entry()
    {
        var arranged = await ArrangeAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        using var response = await facilitator.SendAttendanceAsync(arranged.Meeting.Id, new object?[] { new { status = "present" }, null });

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("[0].userId", problem.Errors.Keys);
        Assert.Contains("[1].userId", problem.Errors.Keys);
    }

    [SkippableTheory]
    [InlineData(DemoUsers.Cso)]
    [InlineData(DemoUsers.Researcher)]
    public async Task Members_and_observers_may_not_record_attendance(string user)
    {
        var arranged = await ArrangeAsync();
        using var client = await App.ClientForAsync(user);

        using var response = await client.SendAttendanceAsync(arranged.Meeting.Id, new[] { new { userId = arranged.Ids[user], status = "present" } });

        await response.ReadProblemAsync(HttpStatusCode.Forbidden);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        Assert.Empty((await facilitator.MeetingAsync(arranged.Meeting.Id)).Attendance.Entries);
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class AttendanceTestsOnSqlite(SqliteAppFixture fixture) : AttendanceTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class AttendanceTestsOnPostgres(PostgresAppFixture fixture) : AttendanceTests(fixture);
