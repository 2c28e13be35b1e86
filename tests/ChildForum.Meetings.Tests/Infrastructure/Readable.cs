using System.Text;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Xunit.Sdk;

namespace ChildForum.Meetings.Tests.Infrastructure;

/// <summary>What a reader actually gets out of a response, decoded, so that a name cannot hide from a check behind an
/// escape: JSON string values (System.Text.Json writes <c>'</c> as <c>\u0027</c>), iCalendar text (folded lines,
/// <c>\,</c>), and the text and attribute values of HTML (<c>&amp;#x27;</c>).</summary>
public static class Readable
{
    private static readonly HtmlParser Parser = new();

    /// <summary>Every string value and property name in a JSON document, one per line.</summary>
    public static string FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var text = new StringBuilder();
        void Walk(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        text.AppendLine(property.Name);
                        Walk(property.Value);
                    }
                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        Walk(item);
                    }
                    break;
                case JsonValueKind.String:
                    text.AppendLine(element.GetString());
                    break;
            }
        }
        Walk(document.RootElement);
        return text.ToString();
    }

    /// <summary>An iCalendar file unfolded and unescaped (RFC 5545 3.1 and 3.3.11).</summary>
    public static string FromIcs(string ics) => ics
        .Replace("\r\n ", "", StringComparison.Ordinal).Replace("\r\n\t", "", StringComparison.Ordinal)
        .Replace("\n ", "", StringComparison.Ordinal).Replace("\n\t", "", StringComparison.Ordinal)
        .Replace("\\n", "\n", StringComparison.OrdinalIgnoreCase).Replace("\\,", ",", StringComparison.Ordinal)
        .Replace("\\;", ";", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    /// <summary>The text and attribute values of the element that <paramref name="selector"/> finds in a page (decoded).</summary>
    public static string FromHtml(string html, string selector)
    {
        using var document = Parser.ParseDocument(html);
        var root = document.QuerySelector(selector) ?? throw new XunitException($"The page has no '{selector}':{Environment.NewLine}{(html.Length > 2000 ? html[..2000] : html)}");
        var text = new StringBuilder(root.TextContent).AppendLine();
        foreach (var element in root.Descendants<IElement>().Prepend(root))
        {
            foreach (var attribute in element.Attributes)
            {
                text.AppendLine(attribute.Value);
            }
        }
        return text.ToString();
    }

    /// <summary>Parses an iCalendar file with Ical.Net, failing with the file when it cannot.</summary>
    public static Calendar Ics(string text)
    {
        Calendar? calendar;
        try
        {
            calendar = Calendar.Load(text);
        }
        catch (Exception e)
        {
            throw new XunitException($"Ical.Net could not read the file ({e.Message}):{Environment.NewLine}{text}");
        }
        return calendar ?? throw new XunitException($"Ical.Net read no calendar from:{Environment.NewLine}{text}");
    }

    public static CalendarEvent SingleEvent(string text)
    {
        var calendar = Ics(text);
        Assert.True(calendar.Events.Count == 1, $"Expected one VEVENT, found {calendar.Events.Count}:{Environment.NewLine}{text}");
        return calendar.Events.Single();
    }

    /// <summary>Fails naming each of <paramref name="names"/> that occurs in <paramref name="text"/> (ignoring case), and where.</summary>
    public static void AssertNoneOf(IEnumerable<string> names, string text, string where)
    {
        var found = names.Where(n => text.Contains(n, StringComparison.OrdinalIgnoreCase)).ToList();
        if (found.Count > 0)
        {
            var excerpts = found.Select(n =>
            {
                var at = text.IndexOf(n, StringComparison.OrdinalIgnoreCase);
                var start = Math.Max(0, at - 80);
                return $"  '{n}' in: …{text[start..Math.Min(text.Length, at + n.Length + 80)].ReplaceLineEndings(" ")}…";
            });
            throw new XunitException($"{where} names {string.Join(", ", found.Select(n => $"'{n}'"))}:{Environment.NewLine}{string.Join(Environment.NewLine, excerpts)}");
        }
    }
}
