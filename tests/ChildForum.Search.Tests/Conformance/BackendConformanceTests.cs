using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ChildForum.Core.Search;
using ChildForum.Search.Syntax;

namespace ChildForum.Search.Tests.Conformance;

/// <summary>What every <see cref="ISearchBackend"/> must do, whatever engine is behind it: analysis (English stemming,
/// Chinese words of two characters and more, Danish, Swedish), the query syntax, filters, sorting, paging, facets over
/// every visible match, escaped snippets, replacing a parent's documents, permissions, and rebuilding.
/// A subclass gives a fresh, empty backend per test (<see cref="CreateBackendAsync"/>); xUnit makes a new instance of
/// the class for each test, so tests never share an index. An engine that needs a server skips in
/// <see cref="CreateBackendAsync"/> when it has none (<see cref="ElasticsearchBackendConformanceTests"/>): every test then
/// skips when it first touches <see cref="Backend"/>.</summary>
public abstract partial class BackendConformanceTests : IAsyncLifetime
{
    protected const int Group = 1;
    protected const int OtherGroup = 2;
    protected const int ThirdGroup = 3;

    private static readonly DateTimeOffset BaseDate = new(2025, 6, 15, 12, 0, 0, TimeSpan.Zero);

    private ISearchBackend? _backend;
    private Exception? _skipped;

    /// <summary>The backend; skips the test when <see cref="CreateBackendAsync"/> skipped (a skip thrown from
    /// <see cref="InitializeAsync"/> itself would fail the test instead).</summary>
    protected ISearchBackend Backend => _backend ?? throw _skipped ?? new InvalidOperationException("The backend was not created.");

    /// <summary>A new, empty backend of the engine under test.</summary>
    protected abstract Task<ISearchBackend> CreateBackendAsync();

    /// <summary>Releases the backend (and deletes its index). The default disposes it.</summary>
    protected virtual async Task DisposeBackendAsync(ISearchBackend backend)
    {
        switch (backend)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    /// <summary>Called after every write, for an engine whose writes become searchable after a refresh. The contract says a
    /// write is durable when <see cref="ISearchBackend.ReplaceAsync"/> returns; by default nothing more is done.</summary>
    protected virtual Task AfterWriteAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        try
        {
            _backend = await CreateBackendAsync();
        }
        catch (SkipException e)
        {
            _skipped = e;
        }
    }

    public async Task DisposeAsync()
    {
        if (_backend is not null)
        {
            await DisposeBackendAsync(_backend);
        }
    }

    // ---- Arranging -----------------------------------------------------------------------------

    /// <summary>A document; its parent is its key unless told, its id the key, its title neutral ("Note").</summary>
    protected static SearchDocument Doc(
        string key, string body, string language = "en", string type = SearchTypes.Message, int group = Group, string? parent = null,
        string title = "Note", DateTimeOffset? date = null, string[]? stakeholders = null, string audience = SearchAudiences.Readers) =>
        new(key, parent ?? key, type, key, group, title, body, $"/groups/{{group}}/x/{key}", date ?? BaseDate, language, stakeholders ?? [], audience);

    /// <summary>Indexes documents, each replacing its parent's earlier ones.</summary>
    protected async Task IndexAsync(params SearchDocument[] documents)
    {
        await Backend.ReplaceAsync(documents.Select(d => d.Parent).Distinct().ToList(), documents, CancellationToken.None);
        await AfterWriteAsync();
    }

    protected async Task ReplaceAsync(IReadOnlyCollection<string> parents, params SearchDocument[] documents)
    {
        await Backend.ReplaceAsync(parents, documents, CancellationToken.None);
        await AfterWriteAsync();
    }

    /// <summary>Searches as a reader of <see cref="Group"/> (unless <paramref name="request"/> changes that), with the query
    /// read by the site's parser as a user's text would be.</summary>
    protected Task<SearchResult> SearchAsync(string q, Func<SearchRequest, SearchRequest>? request = null, int pageSize = 100)
    {
        var basic = new SearchRequest(SearchQueryParser.Parse(q), new HashSet<int> { Group }, new HashSet<int>(), PageSize: pageSize);
        return Backend.SearchAsync(request is null ? basic : request(basic), CancellationToken.None);
    }

    protected static IReadOnlySet<int> Groups(params int[] groups) => groups.ToHashSet();

    protected async Task<List<string>> KeysAsync(string q, Func<SearchRequest, SearchRequest>? request = null) =>
        (await SearchAsync(q, request)).Hits.Select(h => h.Key).Order(StringComparer.Ordinal).ToList();

    private static DateTimeOffset Day(int days) => BaseDate.AddDays(days);

    // ---- Words and languages -------------------------------------------------------------------

    [SkippableFact]
    public async Task English_word_finds_the_document_that_holds_it_and_no_other()
    {
        await IndexAsync(
            Doc("a", "Village child directors need a clear referral path."),
            Doc("b", "Township social work stations are not staffed everywhere."));

        var result = await SearchAsync("referral");

        var hit = Assert.Single(result.Hits);
        Assert.Equal(("a", SearchTypes.Message, "a", Group, "Note", "/groups/{group}/x/a", "en"), (hit.Key, hit.Type, hit.Id, hit.GroupId, hit.Title, hit.Url, hit.Language));
        Assert.Equal(BaseDate, hit.Date);
        Assert.Equal(1, result.Total);
        Assert.Empty(await KeysAsync("xylophone"));
    }

    [SkippableFact]
    public async Task Every_word_is_required()
    {
        await IndexAsync(
            Doc("a", "Training for child directors."),
            Doc("b", "Training for teachers."));

        Assert.Equal(["a"], await KeysAsync("training directors"));
        Assert.Equal(["a", "b"], await KeysAsync("training"));
    }

    [SkippableFact]
    public async Task Title_is_searched_too()
    {
        await IndexAsync(Doc("a", "Some text about schools.", title: "Boarding schools"));

        Assert.Equal(["a"], await KeysAsync("boarding"));
    }

    [SkippableFact]
    public async Task Search_is_case_insensitive()
    {
        await IndexAsync(Doc("a", "The District Bureau funds TRAINING."));

        Assert.Equal(["a"], await KeysAsync("district bureau training"));
        Assert.Equal(["a"], await KeysAsync("DISTRICT Bureau"));
    }

    [SkippableFact]
    public async Task English_words_are_stemmed()
    {
        await IndexAsync(
            Doc("a", "Each new director attends a training within three months."),
            Doc("b", "Directors who were trained last year made more referrals."));

        Assert.Equal(["a", "b"], await KeysAsync("train"));
        Assert.Equal(["a", "b"], await KeysAsync("trained"));
        Assert.Equal(["a", "b"], await KeysAsync("trainings"));
        Assert.Equal(["a", "b"], await KeysAsync("director"));
        Assert.Equal(["b"], await KeysAsync("referral"));
    }

    [SkippableFact]
    public async Task Chinese_two_character_word_is_found_inside_longer_text()
    {
        await IndexAsync(
            Doc("a", "很多留守儿童在寄宿制学校就读，周末和晚上缺少陪伴。", "zh-Hans"),
            Doc("b", "民政局正在研究把课后关爱纳入购买服务目录。", "zh-Hans"));

        Assert.Equal(["a"], await KeysAsync("儿童"));
        Assert.Equal(["a"], await KeysAsync("留守儿童"));
        Assert.Equal(["a"], await KeysAsync("寄宿制学校"));
        Assert.Equal(["b"], await KeysAsync("课后关爱"));
        Assert.Empty(await KeysAsync("儿童关爱"));
    }

    [SkippableFact]
    public async Task Chinese_word_does_not_match_its_characters_apart()
    {
        // 儿 and 童 both occur, but never side by side.
        await IndexAsync(Doc("a", "他的儿子在县城读书，童年很少见到父母。", "zh-Hans"));

        Assert.Empty(await KeysAsync("儿童"));
        Assert.Equal(["a"], await KeysAsync("儿子"));
    }

    [SkippableTheory]
    [InlineData("童")]
    [InlineData("儿")]
    [InlineData("守")]
    public async Task Single_chinese_character_does_not_match_a_word_that_contains_it_in_chinese_text(string character)
    {
        await IndexAsync(Doc("a", "很多留守儿童在寄宿制学校就读。", "zh-Hans"));

        var result = await SearchAsync(character);

        Assert.Equal(0, result.Total);
        Assert.Empty(result.Hits);
    }

    [SkippableTheory]
    [InlineData("童")]
    [InlineData("儿")]
    public async Task Single_chinese_character_does_not_match_a_word_that_contains_it_in_english_text(string character)
    {
        // "Chinese text matches on words of two characters and more", also inside a document written mostly in English.
        await IndexAsync(Doc("a", "We visited the 留守儿童 of three villages and their teachers.", "en"));

        Assert.Equal(["a"], await KeysAsync("儿童"));
        var result = await SearchAsync(character);

        Assert.True(result.Total == 0, $"A search for the single character {character} found {result.Total} document(s) in English text that only holds it inside the word 留守儿童: {string.Join(", ", result.Hits.Select(h => h.Snippet))}");
    }

    [SkippableFact]
    public async Task Chinese_word_does_not_match_its_characters_apart_in_english_text()
    {
        await IndexAsync(Doc("a", "His 儿子 remembers a lonely 童年 in the village.", "en"));

        Assert.Empty(await KeysAsync("儿童"));
        Assert.Equal(["a"], await KeysAsync("儿子 童年"));
    }

    [SkippableTheory]
    [InlineData("the training")]
    [InlineData("training for directors")]
    [InlineData("the training of the directors")]
    [InlineData("a training")]
    [InlineData("directors and training")]
    public async Task Common_english_words_in_a_query_do_not_stop_an_english_document_from_matching(string q)
    {
        // Stop words are dropped from the index; a query holding them must still find what its other words find.
        await IndexAsync(
            Doc("en", "The training of the directors starts in spring.", "en"),
            Doc("zh", "儿童主任的培训", "zh-Hans"));

        Assert.Equal(["en"], await KeysAsync("training directors"));
        Assert.Equal(["en"], await KeysAsync(q));
    }

    [SkippableFact]
    public async Task Mixed_chinese_and_english_text_is_found_by_words_of_either_language()
    {
        await IndexAsync(
            Doc("en", "The county's training for 留守儿童 caregivers starts in spring.", "en"),
            Doc("zh", "我们的 volunteers 每月去两所学校开展阅读活动，关注留守儿童。", "zh-Hans"));

        Assert.Equal(["en", "zh"], await KeysAsync("留守儿童"));
        Assert.Equal(["en", "zh"], await KeysAsync("儿童"));
        Assert.Equal(["en"], await KeysAsync("training"));
        Assert.Equal(["en"], await KeysAsync("caregivers spring"));
        Assert.Equal(["zh"], await KeysAsync("volunteers"));
        Assert.Equal(["zh"], await KeysAsync("阅读活动 volunteers"));
        Assert.Equal(["en"], await KeysAsync("儿童 training"));
    }

    [SkippableFact]
    public async Task Danish_words_are_found_in_their_inflected_forms()
    {
        await IndexAsync(
            Doc("da", "Børnene leger i skolegården efter undervisningen.", "da"),
            Doc("en", "Children play in the schoolyard.", "en"));

        Assert.Equal(["da"], await KeysAsync("børn"));
        Assert.Equal(["da"], await KeysAsync("børnene skolegården"));
        Assert.Equal(["da"], await KeysAsync("undervisning"));
    }

    [SkippableFact]
    public async Task Swedish_words_are_found_in_their_inflected_forms()
    {
        await IndexAsync(
            Doc("sv", "Barnen går till förskolan varje morgon.", "sv"),
            Doc("en", "Children go to preschool every morning.", "en"));

        Assert.Equal(["sv"], await KeysAsync("barn"));
        Assert.Equal(["sv"], await KeysAsync("barnen förskolan"));
        Assert.Equal(["sv"], await KeysAsync("morgonen"));
    }

    // ---- Query syntax --------------------------------------------------------------------------

    [SkippableFact]
    public async Task Phrase_matches_the_words_in_that_order_only()
    {
        await IndexAsync(
            Doc("a", "Support for left behind children in villages."),
            Doc("b", "Children are left behind when parents work in cities."));

        Assert.Equal(["a"], await KeysAsync("\"left behind children\""));
        Assert.Equal(["a", "b"], await KeysAsync("left behind children"));
        Assert.Equal(["b"], await KeysAsync("“parents work”"));
    }

    [SkippableFact]
    public async Task Chinese_phrase_in_chinese_quotes_matches()
    {
        await IndexAsync(
            Doc("a", "留守儿童的课后关爱", "zh-Hans"),
            Doc("b", "关爱留守儿童的课后活动", "zh-Hans"));

        Assert.Equal(["a"], await KeysAsync("「儿童的课后关爱」"));
        Assert.Equal(["a", "b"], await KeysAsync("「留守儿童」"));
    }

    [SkippableFact]
    public async Task Excluded_word_or_phrase_removes_the_documents_that_hold_it()
    {
        await IndexAsync(
            Doc("a", "A two-day training for directors."),
            Doc("b", "A yearly refresher training for directors."),
            Doc("c", "Training on named contacts at the township."));

        Assert.Equal(["a", "c"], await KeysAsync("training -refresher"));
        Assert.Equal(["b", "c"], await KeysAsync("training -\"two day\""));
        Assert.Equal(["a"], await KeysAsync("training -refreshers -township"));
    }

    [SkippableFact]
    public async Task Or_matches_either_term()
    {
        await IndexAsync(
            Doc("a", "Spotting neglect early."),
            Doc("b", "Reporting abuse to the police."),
            Doc("c", "Neglect and abuse are both forms of harm."),
            Doc("d", "School meals."));

        Assert.Equal(["a", "b", "c"], await KeysAsync("neglect OR abuse"));
        Assert.Equal(["c"], await KeysAsync("neglect abuse"));
        Assert.Equal(["b", "c"], await KeysAsync("neglect OR police abuse"));
        Assert.Equal(["a", "c", "d"], await KeysAsync("neglect OR meals OR 留守儿童"));
    }

    [SkippableFact]
    public async Task Prefix_matches_words_that_start_with_it()
    {
        await IndexAsync(
            Doc("a", "Our volunteers visit two schools."),
            Doc("b", "Voluntary reporting is not enough."),
            Doc("c", "The voice of children."));

        Assert.Equal(["a", "b"], await KeysAsync("volunt*"));
        Assert.Equal(["a", "b"], await KeysAsync("VOLUNT*"));
        Assert.Equal(["a", "b", "c"], await KeysAsync("vo*"));
        Assert.Equal(["a"], await KeysAsync("volunteer*"));
    }

    [SkippableFact]
    public async Task Prefix_matches_unstemmed_words_in_documents_of_every_language()
    {
        await IndexAsync(
            Doc("en", "Our volunteers visit two schools.", "en"),
            Doc("zh", "我们的 volunteers 每月去两所学校开展阅读活动。", "zh-Hans"),
            Doc("da", "Frivillige besøger skolerne hver uge.", "da"),
            Doc("sv", "Volontärerna besöker skolorna.", "sv"));

        Assert.Equal(["en", "zh"], await KeysAsync("volunteer*"));
        Assert.Equal(["da"], await KeysAsync("frivillig*"));
        Assert.Equal(["sv"], await KeysAsync("volontärer*"));
        Assert.All((await SearchAsync("volunteer*")).Hits, hit => Assert.Contains("<mark>volunteers</mark>", hit.Snippet, StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Only_stop_words_or_only_operators_find_nothing()
    {
        await IndexAsync(Doc("a", "The children and the teachers."));

        foreach (var q in new[] { "the", "the and", "OR", "-", "*", "\"\"", "" })
        {
            var result = await SearchAsync(q);
            Assert.True(result.Total == 0 && result.Hits.Count == 0, $"'{q}' found {result.Total}");
        }
    }

    public static TheoryData<string> MalformedQueries => new()
    {
        "\"unbalanced", "title:x", "a AND b", "(x", "x)", "*", "?", "~", "^", "\\", "x~2", "x^3", "[a TO b]", "{!lucene}x", "/re.*/",
        "a OR", "OR", "-", "--x", "\"\"\"", "“留守", "「」", new string('x', 10_000), string.Join(' ', Enumerable.Repeat("children", 1_000)),
        "😀", "\u0000", "a\u0000b", "儿", "_id:1", "*:*", "body:<script>",
    };

    [SkippableTheory]
    [MemberData(nameof(MalformedQueries))]
    public async Task Malformed_query_never_throws(string q)
    {
        await IndexAsync(Doc("a", "Children and directors x re title body."));

        var result = await SearchAsync(q);

        Assert.True(result.Total >= 0);
        Assert.True(result.Hits.Count <= result.Total);
    }

    // ---- Filters -------------------------------------------------------------------------------

    [SkippableFact]
    public async Task Filters_by_type_group_stakeholder_language_and_date()
    {
        await IndexAsync(
            Doc("thread", "schools report", type: SearchTypes.Thread, stakeholders: ["cso"], date: Day(-10)),
            Doc("draft", "schools report", type: SearchTypes.Draft, group: OtherGroup, stakeholders: ["government", "university"], date: Day(0)),
            Doc("minutes", "schools report", type: SearchTypes.Minutes, stakeholders: ["business"], date: Day(10), language: "da"),
            Doc("meeting", "schools report", type: SearchTypes.Meeting, group: OtherGroup, date: Day(400)));
        SearchRequest Both(SearchRequest r) => r with { ReaderGroups = Groups(Group, OtherGroup) };

        Assert.Equal(["draft", "meeting", "minutes", "thread"], await KeysAsync("schools", Both));
        Assert.Equal(["draft"], await KeysAsync("schools", r => Both(r) with { Type = SearchTypes.Draft }));
        Assert.Equal(["draft", "meeting"], await KeysAsync("schools", r => Both(r) with { Group = OtherGroup }));
        Assert.Equal(["minutes", "thread"], await KeysAsync("schools", r => Both(r) with { Group = Group }));
        Assert.Equal(["draft"], await KeysAsync("schools", r => Both(r) with { Stakeholder = "university" }));
        Assert.Equal(["draft"], await KeysAsync("schools", r => Both(r) with { Stakeholder = "government" }));
        Assert.Equal(["minutes"], await KeysAsync("schools", r => Both(r) with { Language = "da" }));
        Assert.Equal(["draft", "meeting", "thread"], await KeysAsync("schools", r => Both(r) with { Language = "en" }));
        Assert.Equal(["draft", "minutes"], await KeysAsync("schools", r => Both(r) with { From = Day(0), To = Day(10) }));
        Assert.Equal(["meeting", "minutes"], await KeysAsync("schools", r => Both(r) with { From = Day(1) }));
        Assert.Equal(["draft", "thread"], await KeysAsync("schools", r => Both(r) with { To = Day(0) }));
        Assert.Empty(await KeysAsync("schools", r => Both(r) with { Type = SearchTypes.Draft, Group = Group }));
        Assert.Empty(await KeysAsync("schools", r => Both(r) with { Group = ThirdGroup }));
    }

    [SkippableFact]
    public async Task Facets_follow_the_filters()
    {
        await IndexAsync(
            Doc("a", "schools", type: SearchTypes.Thread, stakeholders: ["cso"]),
            Doc("b", "schools", type: SearchTypes.Draft, stakeholders: ["government"]),
            Doc("c", "schools", type: SearchTypes.Draft, stakeholders: ["cso"]));

        var result = await SearchAsync("schools", r => r with { Type = SearchTypes.Draft });

        Assert.Equal(2, result.Total);
        Assert.Equal(new Dictionary<string, long> { [SearchTypes.Draft] = 2 }, result.Facets.Type);
        Assert.Equal(new Dictionary<string, long> { ["cso"] = 1, ["government"] = 1 }, result.Facets.Stakeholder);
    }

    // ---- Sorting, paging and facets ------------------------------------------------------------

    [SkippableFact]
    public async Task Sort_by_date_puts_the_newest_first()
    {
        await IndexAsync(
            Doc("d2", "referral paths", date: Day(2)),
            Doc("d9", "referral", date: Day(9)),
            Doc("d-5", "referral referral referral paths", date: Day(-5)),
            Doc("d0", "referral", date: Day(0)),
            Doc("d30", "the referral", date: Day(30)));

        var result = await SearchAsync("referral", r => r with { Sort = SearchSorts.Date });

        Assert.Equal(["d30", "d9", "d2", "d0", "d-5"], result.Hits.Select(h => h.Key));
        Assert.Equal(Day(30), result.Hits[0].Date);
    }

    [SkippableFact]
    public async Task Relevance_puts_the_better_match_first()
    {
        await IndexAsync(
            Doc("weak", "A long text about many things: schools, meals, buses, teachers, parents, villages, and once a referral."),
            Doc("strong", "Referral, referral: the referral path."));

        var result = await SearchAsync("referral", r => r with { Sort = SearchSorts.Relevance });

        Assert.Equal(["strong", "weak"], result.Hits.Select(h => h.Key));
    }

    [SkippableFact]
    public async Task Pages_hold_different_hits_and_the_same_total()
    {
        await IndexAsync(Enumerable.Range(0, 25).Select(i => Doc($"k{i:00}", "township social worker", date: Day(i))).ToArray());

        var pages = new List<SearchResult>();
        foreach (var page in new[] { 1, 2, 3, 4 })
        {
            pages.Add(await SearchAsync("township", r => r with { Page = page, PageSize = 10, Sort = SearchSorts.Date }));
        }

        Assert.All(pages, p => Assert.Equal(25, p.Total));
        Assert.Equal([10, 10, 5, 0], pages.Select(p => p.Hits.Count));
        Assert.Empty(pages[0].Hits.Select(h => h.Key).Intersect(pages[1].Hits.Select(h => h.Key)));
        Assert.Equal(
            Enumerable.Range(0, 25).Select(i => $"k{i:00}").Reverse(),
            pages.SelectMany(p => p.Hits).Select(h => h.Key));
    }

    [SkippableFact]
    public async Task Pages_by_relevance_hold_different_hits_and_together_every_match()
    {
        await IndexAsync(Enumerable.Range(0, 25).Select(i => Doc($"k{i:00}", string.Join(' ', Enumerable.Repeat("township", i % 4 + 1)) + " social worker")).ToArray());

        var first = await SearchAsync("township", r => r with { Page = 1, PageSize = 10 });
        var second = await SearchAsync("township", r => r with { Page = 2, PageSize = 10 });
        var third = await SearchAsync("township", r => r with { Page = 3, PageSize = 10 });

        Assert.Equal((25L, 25L, 25L), (first.Total, second.Total, third.Total));
        var keys = first.Hits.Concat(second.Hits).Concat(third.Hits).Select(h => h.Key).ToList();
        Assert.Equal(25, keys.Distinct().Count());
        Assert.Equal(25, keys.Count);
    }

    [SkippableFact]
    public async Task Facets_count_every_visible_match_on_every_page()
    {
        var documents = new List<SearchDocument>();
        string[] types = [SearchTypes.Thread, SearchTypes.Message, SearchTypes.Draft, SearchTypes.Meeting, SearchTypes.Minutes];
        string[] stakeholders = ["cso", "government", "university", "business"];
        for (var i = 0; i < 30; i++)
        {
            documents.Add(Doc($"k{i:00}", "boarding school evenings", type: types[i % 5], group: i % 3 == 0 ? OtherGroup : Group,
                date: new DateTimeOffset(2023 + i % 3, 3, 1, 0, 0, 0, TimeSpan.Zero), stakeholders: i % 2 == 0 ? [stakeholders[i % 4]] : [stakeholders[i % 4], "cso"]));
        }
        await IndexAsync([.. documents]);
        var visible = documents;

        var result = await SearchAsync("boarding", r => r with { ReaderGroups = Groups(Group, OtherGroup), PageSize = 7, Page = 2 });

        Assert.Equal(30, result.Total);
        Assert.Equal(7, result.Hits.Count);
        Assert.Equal(Count(visible.GroupBy(d => d.Type)), result.Facets.Type);
        Assert.Equal(visible.GroupBy(d => d.GroupId).ToDictionary(g => g.Key, g => (long)g.Count()), result.Facets.Group);
        Assert.Equal(Count(visible.SelectMany(d => d.Stakeholders.Distinct()).GroupBy(s => s)), result.Facets.Stakeholder);
        Assert.Equal(Count(visible.GroupBy(d => d.Date.Year.ToString(CultureInfo.InvariantCulture))), result.Facets.Year);
    }

    private static Dictionary<string, long> Count(IEnumerable<IGrouping<string, SearchDocument>> groups) => groups.ToDictionary(g => g.Key, g => (long)g.Count());

    private static Dictionary<string, long> Count(IEnumerable<IGrouping<string, string>> groups) => groups.ToDictionary(g => g.Key, g => (long)g.Count());

    // ---- Snippets ------------------------------------------------------------------------------

    [SkippableFact]
    public async Task Snippet_marks_the_matched_words_and_escapes_everything_else()
    {
        const string body = "Before <script>alert(1)</script> & \"quoted\" 'text' the training starts; <b>bold</b> trained directors.";
        await IndexAsync(Doc("a", body));

        var snippet = Assert.Single((await SearchAsync("training")).Hits).Snippet;

        Assert.Contains("<mark>training</mark>", snippet, StringComparison.Ordinal);
        Assert.Contains("<mark>trained</mark>", snippet, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", snippet, StringComparison.Ordinal);
        Assert.Contains("&amp;", snippet, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt;", snippet, StringComparison.Ordinal);
        AssertOnlyMarkTags(snippet);
        Assert.Equal(body, WebUtility.HtmlDecode(Unmark(snippet)).Trim('…'));
    }

    [SkippableFact]
    public async Task Snippet_marks_prefix_and_phrase_matches()
    {
        await IndexAsync(Doc("a", "Our volunteers meet left behind children every week."));

        var prefix = Assert.Single((await SearchAsync("volunt*")).Hits).Snippet;
        var phrase = Assert.Single((await SearchAsync("\"left behind\"")).Hits).Snippet;

        Assert.Contains("<mark>volunteers</mark>", prefix, StringComparison.Ordinal);
        Assert.Matches("<mark>left( |</mark> <mark>)behind</mark>", phrase);
        Assert.DoesNotContain("<mark>children</mark>", phrase, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Snippet_highlights_chinese_words()
    {
        await IndexAsync(Doc("a", "很多留守儿童在寄宿制学校就读，周末和晚上缺少陪伴。<img src=x onerror=alert(1)>", "zh-Hans"));

        var snippet = Assert.Single((await SearchAsync("儿童")).Hits).Snippet;

        Assert.Contains("<mark>儿童</mark>", snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("<mark>留守</mark>", snippet, StringComparison.Ordinal);
        Assert.Contains("&lt;img", snippet, StringComparison.Ordinal);
        AssertOnlyMarkTags(snippet);
        var longer = Assert.Single((await SearchAsync("留守儿童 寄宿")).Hits).Snippet;
        Assert.Contains("<mark>留守儿童</mark>", longer, StringComparison.Ordinal);
        Assert.Contains("<mark>寄宿</mark>", longer, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Snippet_of_a_long_body_shows_the_matched_part()
    {
        var body = string.Join(' ', Enumerable.Repeat("Nothing to see in this sentence about meals.", 80)) + " Here the township referral appears. " +
                   string.Join(' ', Enumerable.Repeat("More about buses and meals.", 80));
        await IndexAsync(Doc("a", body));

        var snippet = Assert.Single((await SearchAsync("referral")).Hits).Snippet;

        Assert.Contains("<mark>referral</mark>", snippet, StringComparison.Ordinal);
        Assert.True(Unmark(snippet).Length < 1_000, $"A snippet of {Unmark(snippet).Length} characters is not a snippet.");
        Assert.StartsWith("…", snippet, StringComparison.Ordinal);
        AssertOnlyMarkTags(snippet);
    }

    [SkippableFact]
    public async Task Snippet_never_holds_html_of_the_body_whatever_matches()
    {
        const string body = "<mark>fake</mark> <a href=\"javascript:alert(1)\">link</a> <script>training()</script> &lt;already escaped&gt;";
        await IndexAsync(Doc("a", body));

        foreach (var q in new[] { "training", "fake", "mark", "script", "href", "javascript", "link", "lt", "already" })
        {
            var result = await SearchAsync(q);
            foreach (var hit in result.Hits)
            {
                AssertOnlyMarkTags(hit.Snippet);
                Assert.Equal(body, WebUtility.HtmlDecode(Unmark(hit.Snippet)).Trim('…'));
            }
        }
        Assert.Equal(1, (await SearchAsync("training")).Total);
    }

    /// <summary>The only tags are <c>&lt;mark&gt;</c> and <c>&lt;/mark&gt;</c>, balanced; no other <c>&lt;</c> or <c>&gt;</c>; every
    /// <c>&amp;</c> starts an entity.</summary>
    protected static void AssertOnlyMarkTags(string snippet)
    {
        var unmarked = Unmark(snippet);
        Assert.True(!unmarked.Contains('<', StringComparison.Ordinal) && !unmarked.Contains('>', StringComparison.Ordinal),
            $"The snippet holds markup other than <mark>: {snippet}");
        Assert.True(Regex.Count(snippet, "<mark>") == Regex.Count(snippet, "</mark>"), $"Unbalanced <mark> in {snippet}");
        Assert.True(!Regex.IsMatch(unmarked, "&(?!(amp|lt|gt|quot|#39|#x27|apos|#[0-9]+|#x[0-9a-fA-F]+);)"), $"A bare & in {snippet}");
    }

    protected static string Unmark(string snippet) => snippet.Replace("<mark>", "", StringComparison.Ordinal).Replace("</mark>", "", StringComparison.Ordinal);

    // ---- Replacing -----------------------------------------------------------------------------

    [SkippableFact]
    public async Task Replacing_a_parent_removes_its_old_documents()
    {
        await IndexAsync(
            Doc("draft:1:p-a", "Old paragraph about meals.", parent: "draft:1", type: SearchTypes.Draft),
            Doc("draft:1:p-b", "Another old paragraph about meals.", parent: "draft:1", type: SearchTypes.Draft),
            Doc("draft:11:p-a", "A different draft about meals.", parent: "draft:11", type: SearchTypes.Draft));

        await ReplaceAsync(["draft:1"], Doc("draft:1:p-c", "New paragraph about buses.", parent: "draft:1", type: SearchTypes.Draft));

        Assert.Equal(["draft:11:p-a"], await KeysAsync("meals"));
        Assert.Equal(["draft:1:p-c"], await KeysAsync("buses"));
        Assert.Equal(2, await Backend.CountAsync(CancellationToken.None));
    }

    [SkippableFact]
    public async Task Replacing_a_parent_with_no_documents_removes_it()
    {
        await IndexAsync(
            Doc("message:1:1", "A message about meals.", parent: "message:1:1"),
            Doc("message:1:10", "Another message about meals.", parent: "message:1:10"));

        await ReplaceAsync(["message:1:1"]);

        Assert.Equal(["message:1:10"], await KeysAsync("meals"));
        Assert.Equal(1, await Backend.CountAsync(CancellationToken.None));
    }

    [SkippableFact]
    public async Task Replacing_is_idempotent()
    {
        var document = Doc("thread:5", "A thread about meals.", type: SearchTypes.Thread);

        await IndexAsync(document);
        await IndexAsync(document);
        await IndexAsync(document);

        var result = await SearchAsync("meals");
        Assert.Equal(1, result.Total);
        Assert.Single(result.Hits);
        Assert.Equal(1, await Backend.CountAsync(CancellationToken.None));
    }

    [SkippableFact]
    public async Task Replacing_several_parents_at_once_leaves_others_alone()
    {
        await IndexAsync(
            Doc("a", "meals one"), Doc("b", "meals two"), Doc("c", "meals three"));

        await ReplaceAsync(["a", "b"], Doc("a", "buses one"));

        Assert.Equal(["c"], await KeysAsync("meals"));
        Assert.Equal(["a"], await KeysAsync("buses"));
    }

    // ---- Permissions ---------------------------------------------------------------------------

    [SkippableFact]
    public async Task Document_of_a_group_the_caller_cannot_read_is_in_no_hit_total_or_facet()
    {
        await IndexAsync(
            Doc("open", "safeguarding procedure", type: SearchTypes.Thread, group: Group, stakeholders: ["cso"], date: new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            Doc("closed", "safeguarding procedure secretword", type: SearchTypes.Minutes, group: OtherGroup, stakeholders: ["business"], date: new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero)));

        foreach (var sort in new[] { SearchSorts.Relevance, SearchSorts.Date })
        {
            var result = await SearchAsync("safeguarding", r => r with { Sort = sort });

            Assert.Equal(["open"], result.Hits.Select(h => h.Key));
            Assert.Equal(1, result.Total);
            Assert.Equal(new Dictionary<string, long> { [SearchTypes.Thread] = 1 }, result.Facets.Type);
            Assert.Equal(new Dictionary<int, long> { [Group] = 1 }, result.Facets.Group);
            Assert.Equal(new Dictionary<string, long> { ["cso"] = 1 }, result.Facets.Stakeholder);
            Assert.Equal(new Dictionary<string, long> { ["2025"] = 1 }, result.Facets.Year);
        }
        var secret = await SearchAsync("secretword");
        Assert.Equal(0, secret.Total);
        Assert.Empty(secret.Hits);
        Assert.Empty(secret.Facets.Type);
        Assert.Empty(secret.Facets.Group);
        Assert.Empty(secret.Facets.Stakeholder);
        Assert.Empty(secret.Facets.Year);
        Assert.Equal(0, (await SearchAsync("secretword", r => r with { Group = OtherGroup })).Total);
        Assert.Equal(0, (await SearchAsync("secretword", r => r with { FacilitatorGroups = Groups(ThirdGroup) })).Total);
        Assert.Equal(["closed"], await KeysAsync("secretword", r => r with { ReaderGroups = Groups(Group, OtherGroup) }));
    }

    [SkippableFact]
    public async Task No_readable_group_finds_nothing()
    {
        await IndexAsync(Doc("a", "safeguarding"));

        var result = await SearchAsync("safeguarding", r => r with { ReaderGroups = Groups(), FacilitatorGroups = Groups() });

        Assert.Equal(0, result.Total);
        Assert.Empty(result.Hits);
        Assert.Empty(result.Facets.Type);
    }

    [SkippableFact]
    public async Task Document_for_facilitators_is_visible_only_to_the_groups_facilitators()
    {
        await IndexAsync(
            Doc("details", "agenda meeting planning", type: SearchTypes.Meeting, parent: "meeting:1"),
            Doc("item", "agenda item planning confidential", type: SearchTypes.Meeting, parent: "meeting:1", audience: SearchAudiences.Facilitators, stakeholders: ["government"]));

        var reader = await SearchAsync("planning");
        var facilitatorOfAnother = await SearchAsync("planning", r => r with { FacilitatorGroups = Groups(OtherGroup) });
        var facilitator = await SearchAsync("planning", r => r with { FacilitatorGroups = Groups(Group) });
        var facilitatorOnly = await SearchAsync("planning", r => r with { ReaderGroups = Groups(), FacilitatorGroups = Groups(Group) });

        Assert.Equal(["details"], reader.Hits.Select(h => h.Key));
        Assert.Equal(1, reader.Total);
        Assert.Equal(new Dictionary<string, long> { [SearchTypes.Meeting] = 1 }, reader.Facets.Type);
        Assert.Empty(reader.Facets.Stakeholder);
        Assert.Equal(0, (await SearchAsync("confidential")).Total);
        Assert.Equal(["details"], facilitatorOfAnother.Hits.Select(h => h.Key));
        Assert.Equal(["details", "item"], facilitator.Hits.Select(h => h.Key).Order(StringComparer.Ordinal));
        Assert.Equal(2, facilitator.Total);
        Assert.Equal(new Dictionary<string, long> { ["government"] = 1 }, facilitator.Facets.Stakeholder);
        Assert.Equal(2, facilitatorOnly.Total);
    }

    // ---- Rebuilding and counting ---------------------------------------------------------------

    [SkippableFact]
    public async Task Count_holds_every_document_whatever_its_group_or_audience()
    {
        await IndexAsync(
            Doc("a", "one"), Doc("b", "two", group: OtherGroup), Doc("c", "three", audience: SearchAudiences.Facilitators),
            Doc("d:1", "four", parent: "d"), Doc("d:2", "five", parent: "d"));

        Assert.Equal(5, await Backend.CountAsync(CancellationToken.None));
        Assert.True((await Backend.CheckHealthAsync(CancellationToken.None)).Healthy);
    }

    [SkippableFact]
    public async Task Begin_rebuild_empties_the_index_and_complete_rebuild_serves_what_was_indexed_since()
    {
        await IndexAsync(Doc("old", "meals before the rebuild"), Doc("kept", "meals that come back"));

        await Backend.BeginRebuildAsync(CancellationToken.None);
        await IndexAsync(Doc("kept", "meals that come back"));
        await Backend.CompleteRebuildAsync(CancellationToken.None);
        await AfterWriteAsync();

        Assert.Equal(["kept"], await KeysAsync("meals"));
        Assert.Equal(1, await Backend.CountAsync(CancellationToken.None));
    }

    [SkippableFact]
    public async Task Begin_rebuild_on_its_own_leaves_an_empty_index()
    {
        await IndexAsync(Doc("a", "meals"), Doc("b", "buses"));

        await Backend.BeginRebuildAsync(CancellationToken.None);
        await Backend.CompleteRebuildAsync(CancellationToken.None);
        await AfterWriteAsync();

        Assert.Equal(0, await Backend.CountAsync(CancellationToken.None));
        Assert.Equal(0, (await SearchAsync("meals")).Total);
    }
}
