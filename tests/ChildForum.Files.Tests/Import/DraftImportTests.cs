using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ChildForum.Files.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Files.Tests.Import;

/// <summary>A Word file becomes a policy draft or its next version through the drafts module: the Markdown the draft
/// holds, the answer of the drafts API with notes on what was left out, anchors kept across versions, and the
/// children's-data guard on the imported text.</summary>
public abstract class DraftImportTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task A_facilitator_imports_a_Word_file_as_a_draft_whose_text_is_the_converted_Markdown()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        using var response = await facilitator.SendImportAsync(group.Id, "条例草案.docx", WordFile.Rich());
        var imported = await response.ReadJsonAsync<ImportedDraftJson>(HttpStatusCode.Created);

        Assert.Equal($"/api/v1/drafts/{imported.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal((group.Id, "Draft regulation 条例草案", "drafting", 1, "zh-Hans"), (imported.GroupId, imported.Title, imported.Status, imported.Version, imported.Language));
        Assert.Equal(["1 image left out", "1 comment left out", "tracked changes accepted"], imported.Notes);
        using var read = await facilitator.GetAsync($"/api/v1/drafts/{imported.Id}");
        var draft = await read.ReadJsonAsync<DraftJson>();
        Assert.Equal(WordFile.RichMarkdown(), draft.Body);
        Assert.Contains("<table", draft.Html, StringComparison.Ordinal);
        Assert.Contains("<ol", draft.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.org/a%20b\"", draft.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript", draft.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("UN Convention, art. 3.", draft.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(">16<", draft.Html, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_answer_has_every_member_of_the_drafts_APIs_answer_and_a_given_title_wins()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var typed = await facilitator.PostAsJsonAsync($"/api/v1/groups/{group.Id}/drafts", new { title = "Typed", body = "Text." });

        using var imported = await facilitator.SendImportAsync(group.Id, "plain.docx", WordFile.Paragraphs("Plain text."), ("title", "  Given title  "));

        var typedMembers = Members(await typed.Content.ReadAsStringAsync());
        var importedJson = await imported.Content.ReadAsStringAsync();
        await imported.AssertStatusAsync(HttpStatusCode.Created);
        Assert.Subset(Members(importedJson), typedMembers);
        Assert.Equal(typedMembers.Count + 1, Members(importedJson).Count);
        var answer = JsonSerializer.Deserialize<ImportedDraftJson>(importedJson, JsonSerializerOptions.Web)!;
        Assert.Equal(("Given title", "en"), (answer.Title, answer.Language));
        Assert.Empty(answer.Notes);
    }

    [SkippableFact]
    public async Task Without_title_property_or_heading_the_title_is_the_file_name()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        using var plain = await facilitator.SendImportAsync(group.Id, "民政部 意见稿.docx", WordFile.Paragraphs("正文第一段。"));
        using var titled = await facilitator.SendImportAsync(group.Id, "file.docx", WordFile.Titled("关于加强农村留守儿童关爱保护的意见", "正文。"));

        Assert.Equal("民政部 意见稿", (await plain.ReadJsonAsync<ImportedDraftJson>(HttpStatusCode.Created)).Title);
        Assert.Equal("关于加强农村留守儿童关爱保护的意见", (await titled.ReadJsonAsync<ImportedDraftJson>(HttpStatusCode.Created)).Title);
    }

    [SkippableFact]
    public async Task A_Word_file_imported_as_a_new_version_keeps_the_anchors_of_unchanged_paragraphs()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var first = await (await facilitator.SendImportAsync(group.Id, "v1.docx", WordFile.Rich())).ReadJsonAsync<ImportedDraftJson>(HttpStatusCode.Created);
        using var before = await facilitator.GetAsync($"/api/v1/drafts/{first.Id}");
        var v1 = await before.ReadJsonAsync<DraftJson>();

        using var response = await facilitator.SendVersionImportAsync(first.Id, "v2.docx", WordFile.Rich(ageClause: "16"), ("note", "Age lowered after consultation"));
        var version = await response.ReadJsonAsync<ImportedVersionJson>(HttpStatusCode.Created);

        Assert.Equal($"/api/v1/drafts/{first.Id}/versions/2", response.Headers.Location?.OriginalString);
        Assert.Equal((2, first.Id, "Age lowered after consultation"), (version.Version, version.DraftId, version.Note));
        Assert.Equal(["1 image left out", "1 comment left out", "tracked changes accepted"], version.Notes);
        using var after = await facilitator.GetAsync($"/api/v1/drafts/{first.Id}");
        var v2 = await after.ReadJsonAsync<DraftJson>();
        Assert.Equal(WordFile.RichMarkdown("16"), v2.Body);
        var changed = Assert.Single(v2.Blocks, b => b.Text.Contains("The age is", StringComparison.Ordinal));
        Assert.Equal("The age is 16", changed.Text);
        foreach (var block in v2.Blocks.Where(b => b != changed))
        {
            Assert.Equal(Assert.Single(v1.Blocks, b => b.Text == block.Text).Anchor, block.Anchor);
        }
        Assert.DoesNotContain(changed.Anchor, v1.Blocks.Where(b => b.Text != "The age is 18").Select(b => b.Anchor));
    }

    [SkippableFact]
    public async Task The_same_text_again_is_refused_on_file()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var draft = await (await facilitator.SendImportAsync(group.Id, "v1.docx", WordFile.Paragraphs("Same."))).ReadJsonAsync<ImportedDraftJson>(HttpStatusCode.Created);

        using var response = await facilitator.SendVersionImportAsync(draft.Id, "v1.docx", WordFile.Paragraphs("Same."));

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("same as version 1", Assert.Single(problem.Errors["file"]), StringComparison.Ordinal);
    }

    public enum Caller { Member, Observer, MemberOfAnotherGroup, Outsider, Anonymous }

    [SkippableTheory]
    [InlineData(Caller.Member)]
    [InlineData(Caller.Observer)]
    [InlineData(Caller.MemberOfAnotherGroup)]
    [InlineData(Caller.Outsider)]
    [InlineData(Caller.Anonymous)]
    public async Task Whoever_may_not_create_a_draft_or_version_in_the_drafts_API_may_not_import_one_and_gets_the_same_answer(Caller caller)
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var draft = await (await facilitator.SendImportAsync(group.Id, "secret-casework.docx", WordFile.Paragraphs("Casework."))).ReadJsonAsync<ImportedDraftJson>(HttpStatusCode.Created);
        using var client = await ClientAsync(caller);

        using var typedDraft = await client.PostAsJsonAsync($"/api/v1/groups/{group.Id}/drafts", new { title = "T", body = "Text." });
        using var typedVersion = await client.PostAsJsonAsync($"/api/v1/drafts/{draft.Id}/versions", new { body = "Other text.", note = "" });
        using var importedDraft = await client.SendImportAsync(group.Id, "x.docx", WordFile.Paragraphs("Text."));
        using var importedVersion = await client.SendVersionImportAsync(draft.Id, "x.docx", WordFile.Paragraphs("Other text."));

        var expected = caller switch
        {
            Caller.Anonymous => HttpStatusCode.Unauthorized,
            Caller.Member or Caller.Observer => HttpStatusCode.Forbidden,
            _ => HttpStatusCode.NotFound,
        };
        Assert.Equal((expected, expected), (typedDraft.StatusCode, typedVersion.StatusCode));
        foreach (var answer in new[] { importedDraft, importedVersion })
        {
            var problem = await answer.ReadProblemAsync(expected);
            Assert.DoesNotContain("casework", problem.Body, StringComparison.OrdinalIgnoreCase);
        }
        using var versions = await facilitator.GetAsync($"/api/v1/drafts/{draft.Id}/versions");
        Assert.Single(await versions.ReadJsonAsync<List<JsonElement>>());
    }

    [SkippableFact]
    public async Task A_child_ID_number_in_the_Word_file_is_refused_on_file_and_a_phone_number_needs_confirming_as_for_typed_text()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        using var idNumber = await facilitator.SendImportAsync(group.Id, "case.docx", WordFile.Paragraphs("Child:", $"ID {IdNumbers.Valid}"));
        using var phone = await facilitator.SendImportAsync(group.Id, "contact.docx", WordFile.Paragraphs("Call the hotline 13812345678."));
        using var confirmed = await facilitator.SendImportAsync(group.Id, "contact.docx", WordFile.Paragraphs("Call the hotline 13812345678."), ("confirmPersonalData", "true"));

        var refused = await idNumber.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("resident ID number", Assert.Single(refused.Errors["file"]), StringComparison.Ordinal);
        Assert.DoesNotContain(IdNumbers.Valid, refused.Body, StringComparison.Ordinal);
        Assert.Contains("\"code\":\"id-number\"", refused.Body, StringComparison.Ordinal);
        Assert.Contains("\"code\":\"personal-data-confirmation\"", (await phone.ReadProblemAsync(HttpStatusCode.Conflict)).Body, StringComparison.Ordinal);
        await confirmed.AssertStatusAsync(HttpStatusCode.Created);
        using var list = await facilitator.GetAsync($"/api/v1/groups/{group.Id}/drafts");
        Assert.Single(await list.ReadJsonAsync<List<JsonElement>>());
    }

    [SkippableFact]
    public async Task Notes_and_refusals_are_in_the_callers_language()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        facilitator.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-Hans"));

        using var imported = await facilitator.SendImportAsync(group.Id, "条例.docx", WordFile.Rich());
        using var pdf = await facilitator.SendImportAsync(group.Id, "条例.docx", SampleFiles.Pdf());

        Assert.Equal(["略去了 1 张图片", "略去了 1 条批注", "已接受所有修订"], (await imported.ReadJsonAsync<ImportedDraftJson>(HttpStatusCode.Created)).Notes);
        Assert.Contains("Word", Assert.Single((await pdf.ReadProblemAsync(HttpStatusCode.BadRequest)).Errors["file"]), StringComparison.Ordinal);
    }

    private static HashSet<string> Members(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().Select(p => p.Name).ToHashSet();
    }

    private async Task<HttpClient> ClientAsync(Caller caller)
    {
        switch (caller)
        {
            case Caller.Member:
                return await App.ClientForAsync(DemoUsers.Cso);
            case Caller.Observer:
                return await App.ClientForAsync(DemoUsers.Researcher);
            case Caller.MemberOfAnotherGroup:
                var other = await App.NewGroupAsync();
                var stranger = await App.CreateUserAsync();
                await App.AddMembershipAsync(other.Id, stranger.Email, "facilitator");
                return await App.ClientForAsync(stranger);
            case Caller.Outsider:
                return await App.ClientForAsync(DemoUsers.Outsider);
            default:
                return App.CreateAnonymousClient();
        }
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class DraftImportTestsOnSqlite(SqliteAppFixture fixture) : DraftImportTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class DraftImportTestsOnPostgres(PostgresAppFixture fixture) : DraftImportTests(fixture);
