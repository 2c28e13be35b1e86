using System.Globalization;
using System.Text;

namespace ChildForum.PolicyDrafts.Benchmarks;

/// <summary>A "mixed" document that exercises every construct the site's pipeline has (CommonMark, pipe
/// tables, footnotes, task lists, heading ids, autolinks, emphasis extras; raw HTML is off, so HTML in the
/// text is shown as text): ATX and setext headings, emphasis of every kind, code spans, fenced and indented
/// code, links of every kind, images, task lists, tables with alignment, footnotes, nested lists and quotes
/// up to depth 3, thematic breaks, hard breaks, escapes and entities. Fixed seed, as <see cref="DraftGenerator"/>.</summary>
public sealed class MixedGenerator(int seed)
{
    private readonly Random _random = new(seed);
    private int _footnote;
    private int _reference;

    private static readonly string[] Words =
    [
        "child", "safety", "report", "platform", "policy", "review", "moderator", "guidance", "service", "risk",
        "privacy", "setting", "account", "school", "parent", "helpline", "evidence", "measure", "consent", "data",
        "protection", "referral", "training", "online", "young", "people", "content", "default", "age", "design",
        "the", "a", "of", "to", "and", "in", "for", "with", "on", "by", "is", "are", "should", "must", "may",
    ];

    private static readonly string[] Chinese = ["儿童", "网络", "保护", "平台", "应当", "举报", "隐私", "监护人", "学校", "风险", "评估", "数据"];

    private static readonly string[] Languages = ["csharp", "json", "python", "bash", "sql", ""];

    /// <summary>A document of at least <paramref name="utf8Bytes"/> bytes of Markdown.</summary>
    public string Document(int utf8Bytes)
    {
        var blocks = new List<string>();
        var footnotes = new List<string>();
        var references = new List<string>();
        var size = 0;
        var section = 0;
        while (size < utf8Bytes)
        {
            section++;
            blocks.Add(section % 4 == 0 ? $"Section {section}: {Sentence(4)}\n{new string(section % 8 == 0 ? '-' : '=', 12)}" : $"{new string('#', 1 + section % 3)} {section}. {Capitalise(Sentence(5))} {(section % 5 == 0 ? "##" : "")}".TrimEnd());
            blocks.Add(RichParagraph(footnotes, references));
            blocks.Add(RichParagraph(footnotes, references));
            blocks.Add(NestedList());
            blocks.Add(RichParagraph(footnotes, references));
            blocks.Add(TaskList());
            blocks.Add(FencedCode());
            blocks.Add(RichParagraph(footnotes, references));
            blocks.Add(Table());
            blocks.Add(NestedQuote(footnotes, references));
            if (section % 3 == 0)
            {
                blocks.Add(RichParagraph(footnotes, references));
                blocks.Add(IndentedCode());
            }
            if (section % 2 == 0)
            {
                blocks.Add(Pick(["***", "---", "___", "* * *"]));
            }
            size = Utf8(blocks) + Utf8(footnotes) + Utf8(references);
        }
        return string.Join("\n\n", blocks) + "\n\n" + string.Join('\n', references) + "\n\n" + string.Join("\n\n", footnotes) + "\n";
    }

    /// <summary>A paragraph with inline constructs of every kind, a few of each.</summary>
    private string RichParagraph(List<string> footnotes, List<string> references)
    {
        var text = new StringBuilder();
        var pieces = _random.Next(8, 14);
        for (var i = 0; i < pieces; i++)
        {
            if (i > 0)
            {
                text.Append(' ');
            }
            text.Append(Inline(footnotes, references));
        }
        return text.Append('.').ToString();
    }

    private string Inline(List<string> footnotes, List<string> references)
    {
        var words = Sentence(_random.Next(2, 6));
        var url = Url();
        switch (_random.Next(26))
        {
            case 0: return $"*{words}*";
            case 1: return $"_{words}_";
            case 2: return $"**{words}**";
            case 3: return $"__{words}__";
            case 4: return $"***{words}***";
            case 5: return $"~~{words}~~";
            case 6: return $"~{Pick(Words)}~ and ^{Pick(Words)}^";
            case 7: return $"++{words}++ and =={words}==";
            case 8: return $"`{Pick(Words)}.{Pick(Words)}()` and ``code with ` tick``";
            case 9: return $"[{words}]({url})";
            case 10: return $"[{words}]({url} \"{Capitalise(Sentence(3))}\")";
            case 11:
                var label = $"ref{++_reference}";
                references.Add($"[{label}]: {url} \"{Capitalise(Sentence(2))}\"");
                return $"[{words}][{label}]";
            case 12: return $"![{words}](https://{Host()}/images/{_random.Next(100, 999)}.png)";
            case 13: return $"<{url}>";
            case 14: return $"see {url} or www.{Host()}";
            case 15: return $"<{Pick(Words)}@{Host()}>";
            case 16:
                var n = ++_footnote;
                footnotes.Add($"[^{n}]: {Capitalise(Sentence(8))}.\n\n    {Capitalise(Sentence(6))}, *continued*.");
                return $"{words}[^{n}]";
            case 17: return $"{words}  \n{Sentence(2)}";
            case 18: return $"{words}\\\n{Sentence(2)}";
            case 19: return $"\\*not emphasis\\* \\[not a link\\] &amp; &copy; &#169; &#x4E2D;";
            case 20: return $"<span class=\"x\">{words}</span> <b onclick=\"alert(1)\">raw</b>";
            case 21: return $"{Pick(Chinese)}{Pick(Chinese)}{Pick(Chinese)}的**{Pick(Chinese)}{Pick(Chinese)}**";
            case 22: return $"*{words} with **{Pick(Words)}** inside*";
            case 23: return $"[`{Pick(Words)}` **{Pick(Words)}**]({url})";
            default: return words;
        }
    }

    private string NestedList()
    {
        var lines = new List<string>();
        var loose = _random.Next(3) == 0;
        var items = _random.Next(3, 6);
        for (var i = 1; i <= items; i++)
        {
            lines.Add($"{i}. {Capitalise(Sentence(_random.Next(4, 12)))}");
            if (loose)
            {
                lines.Add("");
                lines.Add($"   {Capitalise(Sentence(10))}.");
                lines.Add("");
            }
            if (_random.Next(2) == 0)
            {
                for (var j = 0; j < _random.Next(2, 4); j++)
                {
                    lines.Add($"   - {Capitalise(Sentence(_random.Next(3, 8)))} *{Pick(Words)}*");
                    if (_random.Next(3) == 0)
                    {
                        lines.Add($"     + {Capitalise(Sentence(4))} `{Pick(Words)}`");
                        lines.Add($"     + {Capitalise(Sentence(4))}");
                    }
                }
            }
        }
        return string.Join('\n', lines);
    }

    private string TaskList()
    {
        var lines = new List<string>();
        for (var i = 0; i < _random.Next(3, 7); i++)
        {
            lines.Add($"- [{(_random.Next(2) == 0 ? 'x' : ' ')}] {Capitalise(Sentence(_random.Next(3, 8)))}");
            if (_random.Next(4) == 0)
            {
                lines.Add($"  - [ ] {Capitalise(Sentence(3))}");
            }
        }
        return string.Join('\n', lines);
    }

    private string FencedCode()
    {
        var language = Pick(Languages);
        var fence = _random.Next(3) == 0 ? "~~~" : "```";
        var lines = new List<string> { fence + language };
        for (var i = 0; i < _random.Next(4, 12); i++)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{new string(' ', 4 * _random.Next(3))}var {Pick(Words)}{i} = Check(\"{Sentence(2)}\", {_random.Next(100)}) < 3 && x > 1; // <b>*not*</b>"));
        }
        lines.Add(fence);
        return string.Join('\n', lines);
    }

    private string IndentedCode()
    {
        var lines = new List<string>();
        for (var i = 0; i < _random.Next(3, 6); i++)
        {
            lines.Add($"    {Pick(Words)} = {Pick(Words)} * {_random.Next(10)};");
        }
        return string.Join('\n', lines);
    }

    private string Table()
    {
        var lines = new List<string> { "| Item | Owner | Status | Count |", "|:-----|:-----:|-------|------:|" };
        for (var r = 0; r < _random.Next(4, 10); r++)
        {
            lines.Add($"| **{Capitalise(Sentence(2))}** | {Pick(Words)} `{Pick(Words)}` | [{Pick(Words)}]({Url()}) | {_random.Next(1000)} |");
        }
        return string.Join('\n', lines);
    }

    private string NestedQuote(List<string> footnotes, List<string> references)
    {
        var lines = new List<string>
        {
            $"> {RichParagraph(footnotes, references).Replace("\n", "\n> ", StringComparison.Ordinal)}",
            ">",
            $"> - {Capitalise(Sentence(5))}",
            $"> - {Capitalise(Sentence(5))}",
            ">",
        };
        if (_random.Next(2) == 0)
        {
            lines.Add($"> > {Capitalise(Sentence(8))}");
            lines.Add(">");
            lines.Add($"> > > {Capitalise(Sentence(6))} `{Pick(Words)}`");
            lines.Add(">");
        }
        lines.Add($"> — {Capitalise(Sentence(3))}");
        return string.Join('\n', lines);
    }

    private string Sentence(int words)
    {
        var text = new StringBuilder();
        for (var i = 0; i < words; i++)
        {
            if (i > 0)
            {
                text.Append(' ');
            }
            text.Append(Pick(Words));
        }
        return text.ToString();
    }

    private static int Utf8(List<string> blocks) => blocks.Sum(b => Encoding.UTF8.GetByteCount(b) + 2);

    private string Host() => Pick(["example.org", "childforum.example", "policy.example.net"]);

    private string Url() => $"https://{Host()}/{Pick(Words)}/{_random.Next(1000, 9999)}";

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];

    private static string Capitalise(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
