using System.Globalization;
using System.Net;
using ChildForum.Core.Search;
using ChildForum.Search.Tests.Infrastructure;
using ChildForum.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Search.Tests.Export;

/// <summary><c>GET /api/v1/search/export</c> (shared/API.md, Search): every result the caller may read, with the
/// contract's columns, as CSV a spreadsheet opens safely or as JSON Lines; the same permissions as search, no person's
/// name from a Chatham House meeting, a row limit and headers that say what to expect, 400 naming the field.</summary>
public abstract class ExportTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    private const int Seeded = 3_000;
    private static readonly DateTimeOffset BaseDate = new(2024, 3, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary><see cref="Seeded"/> results for <paramref name="word"/> in a members-only group, put straight into the
    /// index: row 0 opens like a formula, row 1 is Chinese, row 2 has markup characters, row 3 is for facilitators only;
    /// the stakeholder types cycle through none, cso, and cso with government.</summary>
    private async Task<SearchScene> SeedAsync(string word)
    {
        var scene = await App.NewSearchSceneAsync("members");
        var documents = Enumerable.Range(0, Seeded).Select(i =>
        {
            var (title, body, language) = i switch
            {
                0 => ("=HYPERLINK(\"https://evil.example\",\"open\")", $"=1+2 then {word} in a cell.", "en"),
                1 => ("留守儿童关爱服务", $"农村留守儿童的关爱服务体系 {word} 已经建立。", "zh-Hans"),
                2 => ("Markup <b>title</b>", $"Tags <b>stay</b> text & \"quotes\" too, {word}.", "en"),
                _ => ($"Report {i}", $"Township report number {i} about {word}.", "en"),
            };
            string[] stakeholders = (i % 3) switch { 0 => [], 1 => ["cso"], _ => ["cso", "government"] };
            var key = $"export-test:{word}:{i}";
            return new SearchDocument(key, key, SearchTypes.Message, i.ToString(CultureInfo.InvariantCulture), scene.Id, title, body,
                $"/groups/{{group}}/threads/1#m{i}", BaseDate.AddMinutes(i), language, stakeholders,
                i == 3 ? SearchAudiences.Facilitators : SearchAudiences.Readers);
        }).ToList();
        await App.Services.GetRequiredService<ISearchBackend>().IndexAsync(documents);
        return scene;
    }

    [SkippableFact]
    public async Task Csv_export_of_thousands_of_results_has_every_row_and_column_as_plain_text_that_a_spreadsheet_cannot_run()
    {
        var word = Words.New();
        var scene = await SeedAsync(word);
        using var member = await App.ClientForAsync(DemoUsers.Cso);

        var file = await member.ExportAsync("csv", word, ("sort", "date"));

        Assert.Equal("text/csv", file.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", file.Response.Content.Headers.ContentType?.CharSet);
        var disposition = file.Response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Matches(@"^childforum-search-\d{4}-\d{2}-\d{2}\.csv$", disposition.FileName!.Trim('"'));
        Assert.Equal((Seeded - 1L, 10_000), (file.TotalCount, file.Limit));
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, file.Bytes.Take(3));
        Assert.Contains("\r\n", file.Text, StringComparison.Ordinal);

        var rows = file.CsvRows();
        Assert.Equal(Seeded - 1, rows.Count);
        Assert.DoesNotContain(rows, r => r["id"] == "3");
        // Newest first: row 2999 is the first line.
        var newest = rows[0];
        Assert.Equal("message", newest["type"]);
        Assert.Equal($"{Seeded - 1}", newest["id"]);
        Assert.Equal($"Report {Seeded - 1}", newest["title"]);
        Assert.Equal($"http://localhost/groups/{scene.Slug}/threads/1#m{Seeded - 1}", newest["url"]);
        Assert.Equal(scene.Slug, newest["group"]);
        Assert.Equal("cso;government", newest["stakeholderType"]);
        Assert.Equal(BaseDate.AddMinutes(Seeded - 1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), newest["date"]);
        Assert.Equal("en", newest["language"]);
        Assert.Equal($"Township report number {Seeded - 1} about {word}.", newest["text"]);
        Assert.Equal("", rows.Single(r => r["id"] == "999")["stakeholderType"]);
        Assert.Equal("cso", rows.Single(r => r["id"] == "1000")["stakeholderType"]);
        Assert.All(rows, r => Assert.DoesNotContain("<mark>", r["text"], StringComparison.Ordinal));

        var formula = rows.Single(r => r["id"] == "0");
        Assert.Equal("'=HYPERLINK(\"https://evil.example\",\"open\")", formula["title"]);
        Assert.Equal($"'=1+2 then {word} in a cell.", formula["text"]);
        var chinese = rows.Single(r => r["id"] == "1");
        Assert.Equal(("留守儿童关爱服务", "zh-Hans"), (chinese["title"], chinese["language"]));
        Assert.Contains("农村留守儿童的关爱服务体系", chinese["text"], StringComparison.Ordinal);
        var markup = rows.Single(r => r["id"] == "2");
        Assert.Equal("Markup <b>title</b>", markup["title"]);
        Assert.Equal($"Tags <b>stay</b> text & \"quotes\" too, {word}.", markup["text"]);
    }

    [SkippableFact]
    public async Task Jsonl_export_has_one_object_per_result_with_the_group_as_in_search_items()
    {
        var word = Words.New();
        var scene = await SeedAsync(word);
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);

        var file = await facilitator.ExportAsync("jsonl", word);

        Assert.Equal("application/x-ndjson", file.Response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".jsonl", file.Response.Content.Headers.ContentDisposition!.FileName!.Trim('"'), StringComparison.Ordinal);
        Assert.Equal(Seeded, file.TotalCount);
        Assert.Contains("留守儿童", file.Text, StringComparison.Ordinal);
        var rows = file.JsonRows();
        Assert.Equal(Seeded, rows.Count);
        Assert.All(rows, r => Assert.Equal(ExportFile.Columns, r.EnumerateObject().Select(p => p.Name)));
        var agenda = rows.Single(r => r.GetProperty("id").GetString() == "3");
        Assert.Equal(scene.Id, agenda.GetProperty("group").GetProperty("id").GetInt32());
        Assert.Equal(scene.Slug, agenda.GetProperty("group").GetProperty("slug").GetString());
        Assert.Equal(scene.Group.Name, agenda.GetProperty("group").GetProperty("name").GetString());
        var markup = rows.Single(r => r.GetProperty("id").GetString() == "2");
        Assert.Equal($"Tags <b>stay</b> text & \"quotes\" too, {word}.", markup.GetProperty("text").GetString());
        Assert.Equal("=1+2 then " + word + " in a cell.", rows.Single(r => r.GetProperty("id").GetString() == "0").GetProperty("text").GetString());
        Assert.DoesNotContain("<b>", file.Text, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Callers_who_may_not_read_the_group_get_an_empty_file_that_says_nothing_about_it()
    {
        var word = Words.New();
        var scene = await SeedAsync(word);
        using var business = await App.ClientForAsync(DemoUsers.Business);
        using var outsider = await App.ClientForAsync(DemoUsers.Outsider);
        using var anonymous = App.CreateAnonymousClient();

        foreach (var (name, client) in new[] { ("a member of other groups", business), ("a user in no group", outsider), ("an anonymous visitor", anonymous) })
        {
            var csv = await client.ExportAsync("csv", word, ("group", scene.Slug));
            var jsonl = await client.ExportAsync("jsonl", $"{word} OR report*");
            Assert.True(csv.TotalCount == 0 && csv.CsvRows().Count == 0, $"{name}: {csv.Text}");
            Assert.DoesNotContain(word, jsonl.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(scene.Slug, jsonl.Text, StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public async Task Anonymous_visitors_export_a_public_groups_content_and_facilitators_only_items_stay_with_facilitators()
    {
        var scene = await App.NewSearchSceneAsync("public");
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var anonymous = App.CreateAnonymousClient();
        var word = Words.New();
        await facilitator.StartThreadAsync(scene.Id, Unique.Name("Open thread"), $"Public words, {word}.");
        var meeting = await facilitator.CreateMeetingAsync(scene.Id, Unique.Name("Planning"), [($"Item {word}", null, null)], daysAgo: -5);
        await facilitator.SearchUntilFoundAsync(SearchApi.Url(word), count: 3);

        var forAnonymous = (await anonymous.ExportAsync("csv", word)).CsvRows();
        var forFacilitator = (await facilitator.ExportAsync("csv", word)).CsvRows();

        Assert.Equal(["message", "thread"], forAnonymous.Select(r => r["type"]).Order(StringComparer.Ordinal));
        Assert.Equal(["meeting", "message", "thread"], forFacilitator.Select(r => r["type"]).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(forAnonymous, r => r["url"].Contains($"/meetings/{meeting.Id}", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Chatham_house_minutes_and_messages_are_exported_without_the_name_of_anyone_who_spoke_or_wrote()
    {
        // Display names from the demo recipe: cso is "Zhang Min" of "Sunflower Children's Service Centre", official is
        // "Wang Jun" of "Riverside District Civil Affairs Bureau".
        var scene = await App.NewSearchSceneAsync("members", (DemoUsers.Facilitator, "facilitator"), (DemoUsers.Cso, "member"), (DemoUsers.Official, "member"));
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        using var official = await App.ClientForAsync(DemoUsers.Official);
        var word = Words.New();
        var thread = await cso.StartThreadAsync(scene.Id, Unique.Name("Pilot"), $"Our {word} pilot started.");
        await official.PostMessageAsync(thread.Id, $"The bureau funds the {word} pilot.");
        var meeting = await facilitator.CreateMeetingAsync(scene.Id, Unique.Name("Closed conference"), [($"Pilot {word}", null, null)], daysAgo: 1);
        await facilitator.PublishAgendaAsync(meeting.Id);
        await facilitator.PublishMinutesAsync(meeting.Id,
            $"@Zhang Min said the {word} pilot works. Wang Jun of Riverside District Civil Affairs Bureau agreed; Sunflower Children's Service Centre will report.",
            "chatham-house");
        await cso.SearchUntilAsync(SearchApi.Url(word, ("type", "minutes")), r => r.Total == 1, "the minutes");
        var total = (await cso.SearchAsync(word)).Total;

        foreach (var format in new[] { "csv", "jsonl" })
        {
            var file = await cso.ExportAsync(format, word);
            Assert.Equal(total, file.TotalCount);
            foreach (var name in new[] { "Zhang", "Wang", "Riverside", "Sunflower", "Civil Affairs" })
            {
                Assert.DoesNotContain(name, file.Text, StringComparison.OrdinalIgnoreCase);
            }
        }
        var rows = (await cso.ExportAsync("csv", word)).CsvRows();
        Assert.Equal(total, rows.Count);
        Assert.Contains(rows, r => r["type"] == "minutes");
        Assert.Equal("cso", rows.Single(r => r["type"] == "message" && r["text"].Contains("pilot started", StringComparison.Ordinal))["stakeholderType"]);
        Assert.Equal("government", rows.Single(r => r["type"] == "message" && r["text"].Contains("bureau funds", StringComparison.Ordinal))["stakeholderType"]);
    }

    [SkippableFact]
    public async Task Text_that_tries_to_be_markup_comes_back_as_the_same_text_and_never_as_markup()
    {
        var scene = await App.NewSearchSceneAsync("members");
        var word = Words.New();
        var documents = XssCorpus.Payloads.Select((payload, i) =>
        {
            var key = $"export-xss:{word}:{i}";
            return new SearchDocument(key, key, SearchTypes.Message, i.ToString(CultureInfo.InvariantCulture), scene.Id, payload, $"{word} {payload}",
                $"/groups/{{group}}/threads/1#m{i}", BaseDate.AddMinutes(i), "en", []);
        }).ToList();
        await App.Services.GetRequiredService<ISearchBackend>().IndexAsync(documents);
        using var member = await App.ClientForAsync(DemoUsers.Cso);

        var jsonl = await member.ExportAsync("jsonl", word, ("sort", "date"));
        var csv = await member.ExportAsync("csv", word, ("sort", "date"));

        foreach (var file in new[] { jsonl, csv })
        {
            Assert.Equal("nosniff", file.Response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("attachment", file.Response.Content.Headers.ContentDisposition?.DispositionType);
        }
        Assert.DoesNotContain("<", jsonl.Text, StringComparison.Ordinal);
        var titles = jsonl.JsonRows().Select(r => r.GetProperty("title").GetString()!).Reverse().ToList();
        Assert.Equal(XssCorpus.Payloads, titles);
        // Read as written (TextFieldParser drops blank lines inside quoted fields, which some payloads have).
        foreach (var (payload, i) in XssCorpus.Payloads.Select((p, i) => (p, i)))
        {
            Assert.Contains($",{i},{Rfc4180Cell(payload)},", csv.Text, StringComparison.Ordinal);
        }
    }

    /// <summary>A text cell as RFC 4180 and the formula protection write it: an apostrophe before a leading
    /// <c>= + - @</c>, tab or CR (and then quoted); quoted when it holds a comma, quote or line break.</summary>
    private static string Rfc4180Cell(string value)
    {
        var formula = value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal);
        var text = formula ? "'" + value : value;
        return formula || text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    [SkippableTheory]
    [InlineData("", "format")]
    [InlineData("format=xlsx", "format")]
    [InlineData("format=%3Cscript%3E", "format")]
    [InlineData("format=csv&sort=bogus", "sort")]
    [InlineData("format=jsonl&type=threads", "type")]
    [InlineData("format=csv&from=2026-13-45", "from")]
    [InlineData("format=csv&stakeholder=ngo", "stakeholder")]
    [InlineData("format=csv&lang=%3Cscript%3E", "lang")]
    public async Task Invalid_parameter_is_a_400_problem_naming_the_field(string parameters, string field)
    {
        using var anonymous = App.CreateAnonymousClient();

        using var response = await anonymous.GetAsync($"/api/v1/search/export?q=children&{parameters}");

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal([field], problem.Errors.Keys);
        Assert.DoesNotContain("<script>", problem.Body, StringComparison.OrdinalIgnoreCase);
    }

    [SkippableFact]
    public async Task Page_and_page_size_are_not_export_parameters_and_an_empty_query_exports_nothing()
    {
        using var member = await App.ClientForAsync(DemoUsers.Cso);

        var ignored = await member.ExportAsync("csv", "children", ("page", "0"), ("pageSize", "abc"));
        var empty = await member.ExportAsync("csv", "  ");

        Assert.True(ignored.TotalCount > 0);
        Assert.Equal(0, empty.TotalCount);
        Assert.Empty(empty.CsvRows());
    }
}

[Collection(SearchSqliteFixture.Collection)]
public sealed class ExportTestsOnSqlite(SearchSqliteFixture fixture) : ExportTests(fixture);

[Collection(SearchPostgresFixture.Collection)]
public sealed class ExportTestsOnPostgres(SearchPostgresFixture fixture) : ExportTests(fixture);
