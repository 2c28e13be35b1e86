using System.Net;
using ChildForum.Search.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Search.Tests.Endpoints;

/// <summary>Invalid parameters are a 400 problem naming the field; a malformed query is read as well as it can be (200)
/// or refused (400); nothing a client sends makes a 500.</summary>
public abstract class BadInputTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableTheory]
    [InlineData("sort=bogus", "sort")]
    [InlineData("sort=", null)]
    [InlineData("page=0", "page")]
    [InlineData("page=-1", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("page=1.5", "page")]
    [InlineData("page=99999999999999999999", "page")]
    [InlineData("page=501", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("pageSize=abc", "pageSize")]
    [InlineData("type=bogus", "type")]
    [InlineData("type=threads", "type")]
    [InlineData("stakeholder=bogus", "stakeholder")]
    [InlineData("stakeholder=ngo", "stakeholder")]
    [InlineData("from=2026-13-45", "from")]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-02-30", "to")]
    [InlineData("to=31%2F12%2F2025", "to")]
    [InlineData("lang=%3Cscript%3E", "lang")]
    [InlineData("lang=en%22%3E%3Cimg", "lang")]
    [InlineData("lang=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "lang")]
    public async Task Invalid_parameter_is_a_400_problem_naming_the_field(string parameter, string? field)
    {
        using var member = await App.ClientForAsync(DemoUsers.Cso);

        using var response = await member.GetAsync($"/api/v1/search?q=children&{parameter}");

        if (field is null)
        {
            // An empty value is the default.
            await response.ReadJsonAsync<SearchResultJson>();
            return;
        }
        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.Errors.ContainsKey(field), $"The problem's errors should name '{field}':{Environment.NewLine}{problem.Body}");
        Assert.DoesNotContain("<script>", problem.Body, StringComparison.OrdinalIgnoreCase);
    }

    [SkippableFact]
    public async Task Several_invalid_parameters_are_all_named_in_one_problem()
    {
        using var anonymous = App.CreateAnonymousClient();

        using var response = await anonymous.GetAsync("/api/v1/search?q=x&sort=bogus&page=0&pageSize=101&type=bogus&stakeholder=bogus&from=2026-13-45&lang=%3Cscript%3E");

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["from", "lang", "page", "pageSize", "sort", "stakeholder", "type"], problem.Errors.Keys.Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
    }

    [SkippableTheory]
    [InlineData("sort=DATE&type=THREAD&stakeholder=CSO&lang=en&from=2020-01-01&to=2030-12-31&page=1&pageSize=100")]
    [InlineData("sort=relevance&page=500&pageSize=100")]
    [InlineData("from=2026-01-01T00:00:00%2B08:00")]
    [InlineData("type=draft&group=")]
    public async Task Valid_parameters_are_accepted(string parameters)
    {
        using var member = await App.ClientForAsync(DemoUsers.Cso);

        using var response = await member.GetAsync($"/api/v1/search?q=children&{parameters}");

        var result = await response.ReadJsonAsync<SearchResultJson>();
        Assert.True(result.Total >= result.Items.Count);
        Assert.InRange(result.Items.Count, 0, result.PageSize);
    }

    public static TheoryData<string> MalformedQueries => new()
    {
        "\"unbalanced", "unbalanced\"", "“留守", "」", "\"\"\"", "OR", "OR OR", "-", "--", "- OR *", "*", "**", "?", "~", "^", "\\", "\\\\\"",
        "title:x", "a AND b", "(x", "x)", "[a TO b]", "{!lucene}x", "/re.*/", "*:*", "_exists_:body", "x~2", "x^3", "a && b || !c",
        "{\"query\":{\"match_all\":{}}}", "<script>alert(1)</script>", "' OR 1=1 --", "%", "%%", "%E4", "😀", "\u200b", "\ufeff", "𠮷野家",
        new string('x', 10_000), string.Join(' ', Enumerable.Repeat("children", 2_000)), string.Join(' ', Enumerable.Repeat("a OR", 2_000)),
        new string('"', 5_000), new string('儿', 10_000), string.Concat(Enumerable.Repeat("(", 5_000)),
    };

    [SkippableTheory]
    [MemberData(nameof(MalformedQueries))]
    public async Task Malformed_query_is_answered_200_or_400_never_500(string q)
    {
        using var anonymous = App.CreateAnonymousClient();
        using var member = await App.ClientForAsync(DemoUsers.Cso);

        foreach (var client in new[] { anonymous, member })
        {
            foreach (var sort in new[] { "relevance", "date" })
            {
                using var response = await client.GetAsync(SearchApi.Url(q, ("sort", sort)));
                await response.AssertNotServerErrorAsync();
                Assert.True(SearchApi.IsOkOrBadRequest(response.StatusCode), $"{(int)response.StatusCode} for q={q[..Math.Min(q.Length, 40)]}");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var result = await response.ReadJsonAsync<SearchResultJson>();
                    Assert.True(result.Total >= result.Items.Count);
                }
                else
                {
                    await response.ReadProblemAsync(HttpStatusCode.BadRequest);
                }
            }
        }
    }

    [SkippableTheory]
    [InlineData("/api/v1/search?q=%00")]
    [InlineData("/api/v1/search?q=child%00ren")]
    [InlineData("/api/v1/search?q=children&group=%00")]
    [InlineData("/api/v1/search?q=children&lang=en%00")]
    public async Task Nul_character_is_refused_with_400(string url)
    {
        using var anonymous = App.CreateAnonymousClient();

        using var response = await anonymous.GetAsync(url);

        await response.ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [SkippableTheory]
    [InlineData("/api/v1/search?q=a&q=b")]
    [InlineData("/api/v1/search?q=children&page=1&page=2")]
    [InlineData("/api/v1/search?q=children&type=thread&type=draft")]
    [InlineData("/api/v1/search?q=%ED%A0%80")]
    [InlineData("/api/v1/search?q=%FF%FE")]
    [InlineData("/api/v1/search?q=%C0%AF")]
    [InlineData("/api/v1/search?q[]=children")]
    [InlineData("/api/v1/search?Q=children&PAGE=2&pagesize=5&SORT=date")]
    [InlineData("/api/v1/search")]
    [InlineData("/api/v1/search?")]
    [InlineData("/api/v1/search?q")]
    [InlineData("/api/v1/search?&&&=&")]
    public async Task Odd_urls_are_answered_200_or_400_never_500(string url)
    {
        using var anonymous = App.CreateAnonymousClient();

        using var response = await anonymous.GetAsync(url);

        await response.AssertNotServerErrorAsync();
        Assert.True(SearchApi.IsOkOrBadRequest(response.StatusCode), $"{(int)response.StatusCode} for {url}");
    }

    [SkippableFact]
    public async Task Empty_query_finds_nothing_and_is_not_an_error()
    {
        using var anonymous = App.CreateAnonymousClient();

        foreach (var url in new[] { "/api/v1/search", "/api/v1/search?q=", "/api/v1/search?q=%20%20", "/api/v1/search?q=OR" })
        {
            using var response = await anonymous.GetAsync(url);
            var result = await response.ReadJsonAsync<SearchResultJson>();
            Assert.Equal((0L, 1, 20), (result.Total, result.Page, result.PageSize));
            Assert.Empty(result.Items);
        }
    }

    [SkippableFact]
    public async Task Search_page_with_an_invalid_order_is_400_with_the_message_next_to_the_field()
    {
        using var member = await App.ClientForAsync(DemoUsers.Cso);

        using var response = await member.GetAsync("/search?q=children&sort=bogus");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        using var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        Assert.Equal("Choose relevance or date.", page.QuerySelector("#sort-error")?.TextContent.Trim());
        Assert.Null(page.QuerySelector(".hit-list"));
    }
}

[Collection(SearchSqliteFixture.Collection)]
public sealed class BadInputTestsOnSqlite(SearchSqliteFixture fixture) : BadInputTests(fixture);

[Collection(SearchPostgresFixture.Collection)]
public sealed class BadInputTestsOnPostgres(SearchPostgresFixture fixture) : BadInputTests(fixture);
