using System.Globalization;
using System.Text;

namespace ChildForum.PolicyDrafts.Benchmarks;

/// <summary>What kind of top-level Markdown block a generated piece is.</summary>
public enum PieceKind
{
    Heading,
    Paragraph,
    List,
    Table,
    Quote,
}

/// <summary>One top-level block of a generated draft, in Markdown.</summary>
public sealed record Piece(PieceKind Kind, string Text, bool Chinese = false);

/// <summary>A generated draft: its blocks and its footnote definitions (written at the end, as authors do).</summary>
public sealed record GeneratedDraft(IReadOnlyList<Piece> Pieces, IReadOnlyList<string> Footnotes)
{
    public string Markdown => string.Join("\n\n", Pieces.Select(p => p.Text).Concat(Footnotes)) + "\n";
}

/// <summary>A realistic policy draft: numbered sections and sub-sections, paragraphs in English and in
/// Simplified Chinese (about a third), numbered and bulleted lists, a pipe table, block quotes from
/// conventions, footnotes and links. Everything comes from one <see cref="Random"/> with a fixed seed, so
/// the same seed and size always give the same text (Random(int) is the same algorithm on every .NET).</summary>
public sealed class DraftGenerator(int seed)
{
    private readonly Random _random = new(seed);
    private int _footnote;

    private static readonly string[] Subjects =
    [
        "Online service providers", "The platform operator", "Every school", "The designated safeguarding lead",
        "Member organisations", "The working group", "Local authorities", "Child protection services",
        "Social workers", "Parents and carers", "The regulator", "Moderators", "Community volunteers",
        "The national helpline", "Service providers that host user content", "The review panel",
    ];

    private static readonly string[] Modals = ["shall", "should", "must", "may", "will", "are expected to", "are encouraged to"];

    private static readonly string[] Verbs =
    [
        "publish", "review", "assess", "report", "document", "remove", "escalate", "monitor", "share",
        "record", "verify", "explain", "consult on", "protect", "train staff on", "evaluate", "limit",
    ];

    private static readonly string[] Objects =
    [
        "the risks their services pose to children", "any content that sexualises a child",
        "age-appropriate privacy settings", "the outcome of each safeguarding referral",
        "data collected from users under eighteen", "reports made through the helpline",
        "the measures set out in this section", "the views of children and young people",
        "a clear and accessible complaints procedure", "the number of accounts suspended each quarter",
        "the default settings of new accounts", "information about support services",
        "the evidence base for each recommendation", "cases that involve cross-border services",
        "the training records of frontline staff", "decisions taken by automated systems",
    ];

    private static readonly string[] Qualifiers =
    [
        "within 24 hours", "without undue delay", "at least once a year", "in plain language",
        "in consultation with children's organisations", "where it is technically feasible",
        "in line with the Convention on the Rights of the Child", "before the service is launched",
        "as part of the annual transparency report", "in a form that children can understand",
        "subject to the data protection rules", "after a documented risk assessment",
        "unless a court orders otherwise", "in every language the service is offered in",
    ];

    private static readonly string[] Openers =
    [
        "In addition,", "However,", "For this purpose,", "Where a child is at immediate risk,", "In practice,",
        "As a minimum,", "Following the consultation,", "To avoid duplication,", "For the avoidance of doubt,",
    ];

    /// <summary>Words that edits put in place of others.</summary>
    public static readonly string[] EditWords =
    [
        "promptly", "clearly", "independent", "annual", "national", "relevant", "published", "written",
        "appropriate", "proportionate", "accessible", "qualified", "designated", "regular", "specific",
    ];

    private static readonly string[] ChinesePhrases =
    [
        "网络服务提供者", "应当", "建立健全", "未成年人网络保护", "工作机制", "学校和家庭", "监护人",
        "个人信息", "及时处置", "举报渠道", "社会工作者", "儿童友好", "风险评估", "隐私设置",
        "年龄适宜", "定期公布", "透明度报告", "相关部门", "依法", "加强", "宣传教育", "心理健康",
        "保护措施", "发现", "侵害", "报告", "儿童权利公约", "乡镇社会工作站", "村（居）民委员会",
        "每年至少一次", "二十四小时内", "联合国儿童基金会", "数据安全", "未满十八周岁", "专业培训",
    ];

    /// <summary>Phrases edits put in place of others in Chinese paragraphs.</summary>
    public static readonly string[] ChineseEditPhrases = ["尽快", "明确", "独立", "必要时", "省级", "书面", "有关", "专门"];

    private static readonly string[] Domains = ["example.org", "childforum.example", "policy.example.net", "unicef.example"];

    private static readonly string[] SectionTitles =
    [
        "Purpose and scope", "Definitions", "Guiding principles", "Duties of online services", "Reporting and referral",
        "Data protection", "Education and awareness", "Support for victims", "Monitoring and evaluation",
        "Cooperation between agencies", "Complaints", "Transitional provisions", "Review of this policy",
    ];

    private static readonly string[] ChineseSectionTitles =
    [
        "目的和适用范围", "定义", "基本原则", "网络服务提供者的责任", "报告和转介", "数据保护", "宣传教育",
        "对受害儿童的支持", "监测和评估", "部门间合作", "投诉", "过渡条款", "本政策的审查",
    ];

    /// <summary>A draft of at least <paramref name="utf8Bytes"/> bytes of Markdown (UTF-8, as the site counts).</summary>
    public GeneratedDraft Draft(int utf8Bytes)
    {
        var pieces = new List<Piece>();
        var footnotes = new List<string>();
        pieces.Add(new Piece(PieceKind.Heading, "# Child Online Protection Policy — consultation draft / 儿童网络保护政策（征求意见稿）"));
        pieces.Add(Paragraph(footnotes, chinese: false));
        pieces.Add(Paragraph(footnotes, chinese: true));
        var tableDone = false;
        var size = 0;
        for (var section = 1; size < utf8Bytes; section++)
        {
            var title = SectionTitles[(section - 1) % SectionTitles.Length];
            var chineseTitle = ChineseSectionTitles[(section - 1) % ChineseSectionTitles.Length];
            pieces.Add(new Piece(PieceKind.Heading, $"## {section}. {title} / {chineseTitle}"));
            var subsections = _random.Next(2, 5);
            for (var sub = 1; sub <= subsections && size < utf8Bytes; sub++)
            {
                pieces.Add(new Piece(PieceKind.Heading, $"### {section}.{sub} {Capitalise(Pick(Objects))}"));
                var blocks = _random.Next(3, 7);
                for (var k = 0; k < blocks; k++)
                {
                    var roll = _random.NextDouble();
                    if (!tableDone && section >= 3)
                    {
                        pieces.Add(Paragraph(footnotes, chinese: false));
                        pieces.Add(Table());
                        tableDone = true;
                    }
                    else if (roll < 0.08)
                    {
                        pieces.Add(Paragraph(footnotes, chinese: false));
                        pieces.Add(List(ordered: true));
                    }
                    else if (roll < 0.16)
                    {
                        pieces.Add(Paragraph(footnotes, chinese: _random.NextDouble() < 0.3));
                        pieces.Add(List(ordered: false));
                    }
                    else if (roll < 0.22)
                    {
                        pieces.Add(Quote());
                    }
                    else
                    {
                        pieces.Add(Paragraph(footnotes, chinese: _random.NextDouble() < 0.33));
                    }
                }
                size = Utf8(pieces, footnotes);
            }
        }
        return new GeneratedDraft(pieces, footnotes);
    }

    /// <summary>The next version of a draft, with the edits a working group makes between two rounds: about 10% of
    /// the paragraphs changed by a few words, about 3% deleted, about 3% new ones inserted, and two moved
    /// elsewhere. Headings, lists, the table and footnotes stay as they were.</summary>
    public GeneratedDraft Revise(GeneratedDraft draft, out RevisionSummary summary)
    {
        var pieces = draft.Pieces.ToList();
        var footnotes = draft.Footnotes.ToList();
        var paragraphs = Enumerable.Range(0, pieces.Count).Where(i => pieces[i].Kind == PieceKind.Paragraph && i > 2).ToList();
        var shuffled = paragraphs.OrderBy(_ => _random.Next()).ToList();
        var modifyCount = (int)Math.Round(paragraphs.Count * 0.10);
        var deleteCount = (int)Math.Round(paragraphs.Count * 0.03);
        var insertCount = (int)Math.Round(paragraphs.Count * 0.03);
        var modified = shuffled.Take(modifyCount).ToHashSet();
        var deleted = shuffled.Skip(modifyCount).Take(deleteCount).ToHashSet();
        var moved = shuffled.Skip(modifyCount + deleteCount).Take(2).ToList();

        foreach (var i in modified)
        {
            pieces[i] = pieces[i] with { Text = pieces[i].Chinese ? EditChinese(pieces[i].Text) : EditEnglish(pieces[i].Text) };
        }
        var movedPieces = moved.Select(i => pieces[i]).ToList();
        var result = new List<Piece>();
        for (var i = 0; i < pieces.Count; i++)
        {
            if (!deleted.Contains(i) && !moved.Contains(i))
            {
                result.Add(pieces[i]);
            }
        }
        // Insertions after randomly chosen paragraphs; the moved paragraphs go to the other half of the document.
        var unusedFootnotes = new List<string>();
        for (var k = 0; k < insertCount; k++)
        {
            var at = RandomParagraphIndex(result);
            result.Insert(at + 1, Paragraph(unusedFootnotes, chinese: _random.NextDouble() < 0.33, footnoteChance: 0));
        }
        foreach (var piece in movedPieces)
        {
            var from = draft.Pieces.ToList().IndexOf(piece);
            int at;
            do
            {
                at = RandomParagraphIndex(result);
            }
            while (Math.Abs(at - from) < result.Count / 4);
            result.Insert(at + 1, piece);
        }
        summary = new RevisionSummary(paragraphs.Count, modified.Count, deleted.Count, insertCount, movedPieces.Count);
        return new GeneratedDraft(result, footnotes);
    }

    private int RandomParagraphIndex(List<Piece> pieces)
    {
        while (true)
        {
            var i = _random.Next(3, pieces.Count);
            // After a paragraph that is not followed by a list (a list after a paragraph is its continuation).
            if (pieces[i].Kind == PieceKind.Paragraph && (i + 1 >= pieces.Count || pieces[i + 1].Kind != PieceKind.List))
            {
                return i;
            }
        }
    }

    /// <summary>One to three words replaced, inserted or removed (never inside a link or footnote reference).</summary>
    private string EditEnglish(string text)
    {
        var words = text.Split(' ').ToList();
        var edits = _random.Next(1, 4);
        for (var e = 0; e < edits; e++)
        {
            var candidates = Enumerable.Range(1, words.Count - 2).Where(i => words[i].Length > 2 && words[i].All(char.IsAsciiLetterLower)).ToList();
            if (candidates.Count == 0)
            {
                break;
            }
            var i = candidates[_random.Next(candidates.Count)];
            switch (_random.Next(3))
            {
                case 0:
                    words[i] = Pick(EditWords);
                    break;
                case 1:
                    words.Insert(i, Pick(EditWords));
                    break;
                default:
                    words.RemoveAt(i);
                    break;
            }
        }
        return string.Join(' ', words);
    }

    /// <summary>One or two phrases replaced or added.</summary>
    private string EditChinese(string text)
    {
        var edits = _random.Next(1, 3);
        for (var e = 0; e < edits; e++)
        {
            var present = ChinesePhrases.Where(p => text.Contains(p, StringComparison.Ordinal)).ToList();
            var phrase = present.Count > 0 ? present[_random.Next(present.Count)] : null;
            var at = phrase is null ? -1 : text.IndexOf(phrase, StringComparison.Ordinal);
            text = at < 0
                ? text.Insert(text.Length - 1, Pick(ChineseEditPhrases))
                : _random.Next(2) == 0
                    ? string.Concat(text.AsSpan(0, at), Pick(ChineseEditPhrases), text.AsSpan(at + phrase!.Length))
                    : text.Insert(at, Pick(ChineseEditPhrases));
        }
        return text;
    }

    private Piece Paragraph(List<string> footnotes, bool chinese, double footnoteChance = 0.12)
    {
        var text = new StringBuilder();
        var sentences = _random.Next(3, 7);
        for (var s = 0; s < sentences; s++)
        {
            if (s > 0 && !chinese)
            {
                text.Append(' ');
            }
            text.Append(chinese ? ChineseSentence() : EnglishSentence());
        }
        if (_random.NextDouble() < footnoteChance)
        {
            var n = ++_footnote;
            text.Append(CultureInfo.InvariantCulture, $"[^{n}]");
            footnotes.Add($"[^{n}]: {EnglishSentence()} See [{Pick(Domains)}]({Url()}).");
        }
        return new Piece(PieceKind.Paragraph, text.ToString(), chinese);
    }

    private string EnglishSentence()
    {
        var sentence = new StringBuilder();
        if (_random.NextDouble() < 0.25)
        {
            sentence.Append(Pick(Openers)).Append(' ');
        }
        var subject = Pick(Subjects);
        sentence.Append(sentence.Length > 0 ? char.ToLowerInvariant(subject[0]) + subject[1..] : subject);
        sentence.Append(' ').Append(Pick(Modals)).Append(' ').Append(Pick(Verbs)).Append(' ');
        var obj = Pick(Objects);
        if (_random.NextDouble() < 0.12)
        {
            // A link on the object, as drafts cite guidance.
            sentence.Append('[').Append(obj).Append("](").Append(Url()).Append(')');
        }
        else
        {
            sentence.Append(obj);
        }
        if (_random.NextDouble() < 0.7)
        {
            sentence.Append(' ').Append(Pick(Qualifiers));
        }
        return sentence.Append('.').ToString();
    }

    private string ChineseSentence()
    {
        var sentence = new StringBuilder();
        var clauses = _random.Next(1, 4);
        for (var c = 0; c < clauses; c++)
        {
            if (c > 0)
            {
                sentence.Append('，');
            }
            var words = _random.Next(3, 7);
            for (var w = 0; w < words; w++)
            {
                sentence.Append(Pick(ChinesePhrases));
            }
        }
        if (_random.NextDouble() < 0.08)
        {
            sentence.Append("（详见[").Append(Pick(ChinesePhrases)).Append("](").Append(Url()).Append(")）");
        }
        return sentence.Append('。').ToString();
    }

    private Piece List(bool ordered)
    {
        var items = _random.Next(3, 8);
        var lines = new List<string>();
        for (var i = 1; i <= items; i++)
        {
            var marker = ordered ? $"{i}." : "-";
            lines.Add($"{marker} {EnglishSentence()}");
            if (_random.NextDouble() < 0.15)
            {
                var indent = new string(' ', marker.Length + 1);
                lines.Add($"{indent}- {Capitalise(Pick(Objects))}.");
                lines.Add($"{indent}- {Capitalise(Pick(Objects))}.");
            }
        }
        return new Piece(PieceKind.List, string.Join('\n', lines));
    }

    private Piece Table()
    {
        var lines = new List<string>
        {
            "| Measure | Responsible body | Deadline | 负责部门 |",
            "|:--|:--|--:|:--|",
        };
        var rows = _random.Next(8, 14);
        for (var r = 0; r < rows; r++)
        {
            lines.Add($"| {Capitalise(Pick(Verbs))} {Pick(Objects)} | {Pick(Subjects)} | {_random.Next(1, 25)} months | {Pick(ChinesePhrases)}{Pick(ChinesePhrases)} |");
        }
        return new Piece(PieceKind.Table, string.Join('\n', lines));
    }

    private Piece Quote()
    {
        var article = _random.Next(1, 55);
        return new Piece(PieceKind.Quote,
            $"> {EnglishSentence()} {EnglishSentence()}\n>\n> — Convention on the Rights of the Child, [article {article}]({Url()})");
    }

    private string Url() => $"https://{Pick(Domains)}/guidance/{_random.Next(1000, 9999)}";

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];

    private static string Capitalise(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static int Utf8(List<Piece> pieces, List<string> footnotes) =>
        pieces.Sum(p => Encoding.UTF8.GetByteCount(p.Text) + 2) + footnotes.Sum(f => Encoding.UTF8.GetByteCount(f) + 2);
}

public sealed record RevisionSummary(int Paragraphs, int Modified, int Deleted, int Inserted, int Moved);
