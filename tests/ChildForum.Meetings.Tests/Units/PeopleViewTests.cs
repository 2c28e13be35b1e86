using ChildForum.Meetings.Services;
using Microsoft.Extensions.Logging;

namespace ChildForum.Meetings.Tests.Units;

/// <summary>A Chatham House reader's view of a meeting's texts: names replaced in the texts it was prepared with; a text it
/// was not prepared for (a programming mistake) shows nothing of itself, neither a name nor an error page, and is logged.</summary>
public sealed class PeopleViewTests
{
    private static readonly Participant ZhangMin = new("u-zhang", "Zhang Min", 1, "Sunflower Children's Service Centre", "cso");

    private const string Prepared = "Zhang Min opens the meeting";

    private static PeopleView AnonymousView(string language, ILogger logger) => new(
        new Anonymiser(new Attributor([ZhangMin]), language, new HashSet<string>(StringComparer.Ordinal) { Prepared }),
        new Dictionary<string, Participant>(), new Dictionary<int, (string Name, string Type)>(), new DateOnly(2026, 12, 7), logger);

    [Fact]
    public void Anonymous_view_replaces_names_in_a_text_it_was_prepared_for()
    {
        var logger = new ListLogger();

        var shown = AnonymousView("en", logger).Text(Prepared);

        Assert.Equal("a participant from civil society opens the meeting", shown);
        Assert.Empty(logger.Entries);
    }

    [Theory]
    [InlineData("en", "(not shown)")]
    [InlineData("zh-Hans", "（内容未显示）")]
    public void Anonymous_view_shows_nothing_of_a_text_it_was_not_prepared_for_and_logs_an_error(string language, string placeholder)
    {
        var logger = new ListLogger();
        const string unprepared = "Zhang Min and Wang Jun report on the budget";

        var shown = AnonymousView(language, logger).Text(unprepared);

        Assert.Equal(placeholder, shown);
        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.DoesNotContain("Zhang", entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Wang", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Named_view_shows_any_text_as_written()
    {
        var view = new PeopleView(null, new Dictionary<string, Participant>(), new Dictionary<int, (string Name, string Type)>(), new DateOnly(2026, 12, 7), new ListLogger());

        Assert.Equal("Zhang Min and Wang Jun report on the budget", view.Text("Zhang Min and Wang Jun report on the budget"));
    }

    private sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
