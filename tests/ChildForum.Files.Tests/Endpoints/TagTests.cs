using System.Net;
using ChildForum.Files.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Files.Tests.Endpoints;

/// <summary>Tags on upload (an extension): comma separated, trimmed, repeats dropped, in the document's answer and the
/// list, the list filtered by one with <c>?tag=</c>; too many, too long or holding a child's data → 400 naming
/// <c>tags</c>, and nothing is stored.</summary>
public abstract class TagTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private sealed record TaggedJson(int Id, string Title, List<string> Tags);

    [SkippableFact]
    public async Task Tags_are_stored_trimmed_shown_and_filter_the_list()
    {
        var group = await App.NewGroupAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using (var upload = await cso.SendUploadAsync(group.Id, "survey.txt", SampleFiles.Text("Survey"), ("title", "Survey"), ("tags", " survey , 调查，2026,, Survey ")))
        {
            Assert.Equal(["2026", "survey", "调查"], (await upload.ReadJsonAsync<TaggedJson>(HttpStatusCode.Created)).Tags);
        }
        await cso.UploadAsync(group.Id, "minutes.txt", SampleFiles.Text("Minutes"), ("title", "Minutes"), ("tags", "minutes"));

        using var observer = await App.ClientForAsync(DemoUsers.Researcher);
        using (var all = await observer.GetAsync($"/api/v1/groups/{group.Id}/documents"))
        {
            var documents = await all.ReadJsonAsync<List<TaggedJson>>();
            Assert.Equal(["2026", "survey", "调查"], documents.Single(d => d.Title == "Survey").Tags);
            Assert.Equal(["minutes"], documents.Single(d => d.Title == "Minutes").Tags);
        }
        using (var tagged = await observer.GetAsync($"/api/v1/groups/{group.Id}/documents?tag={Uri.EscapeDataString("调查")}"))
        {
            Assert.Equal(["Survey"], (await tagged.ReadJsonAsync<List<TaggedJson>>()).Select(d => d.Title));
        }
        using (var none = await observer.GetAsync($"/api/v1/groups/{group.Id}/documents?tag=nothing"))
        {
            Assert.Empty(await none.ReadJsonAsync<List<TaggedJson>>());
        }
    }

    /// <summary>The filter is a value, never a pattern or SQL: a tag longer than any tag may be, one with SQL's wildcards
    /// or quotes, finds nothing; a blank one is no filter.</summary>
    [SkippableTheory]
    [InlineData("survey%", 0)]
    [InlineData("' OR '1'='1", 0)]
    [InlineData("   ", 2)]
    [InlineData(null, 0)]
    public async Task A_filter_that_no_tag_can_match_finds_nothing_and_a_blank_one_lists_all(string? tag, int expected)
    {
        var group = await App.NewGroupAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        await cso.UploadAsync(group.Id, "survey.txt", SampleFiles.Text("Survey"), ("title", "Survey"), ("tags", "survey"));
        await cso.UploadAsync(group.Id, "minutes.txt", SampleFiles.Text("Minutes"), ("title", "Minutes"), ("tags", "minutes"));
        tag ??= new string('x', 2_000); // far past the 40 characters a tag may have, within a request line

        using var listed = await cso.GetAsync($"/api/v1/groups/{group.Id}/documents?tag={Uri.EscapeDataString(tag)}");

        Assert.Equal(expected, (await listed.ReadJsonAsync<List<TaggedJson>>()).Count);
    }

    [SkippableTheory]
    [InlineData("a,b,c,d,e,f,g,h,i,j,k", "at most 10 tags")]
    [InlineData("fine, aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "at most 40 characters")]
    [InlineData("call 13812345678", "phone number")]
    [InlineData("id " + IdNumbers.Valid, "ID number")]
    public async Task A_bad_tag_is_refused_on_the_field_and_nothing_is_stored(string tags, string sentence)
    {
        var group = await App.NewGroupAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);

        using var upload = await cso.SendUploadAsync(group.Id, "notes.txt", SampleFiles.Text("Notes"), ("tags", tags));

        var problem = await upload.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(sentence, string.Join(" ", problem.Errors["tags"]), StringComparison.Ordinal);
        Assert.DoesNotContain("13812345678", problem.Body, StringComparison.Ordinal);
        Assert.Empty(await cso.DocumentsAsync(group.Id));
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class TagTestsOnSqlite(SqliteAppFixture fixture) : TagTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class TagTestsOnPostgres(PostgresAppFixture fixture) : TagTests(fixture);
