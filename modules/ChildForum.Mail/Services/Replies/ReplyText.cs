using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using MimeKit;

namespace ChildForum.Mail.Services.Replies;

/// <summary>What a person wrote in a reply, without what their mail program added: the quoted mail (Gmail's
/// "On … wrote:", Apple Mail's "On …, at …, … wrote:", Outlook's "-----Original Message-----" and its "From:/Sent:"
/// header block, QQ Mail and Foxmail's "------------------ 原始邮件 ------------------" and "发件人:" block, Chinese
/// Gmail's "… 于 … 写道：", Apple Mail's "在 … 写道："), lines quoted with <c>&gt;</c>, the signature after <c>-- </c> and "Sent from my iPhone" lines.
/// A bare address left on the last lines (Foxmail's default signature) goes too. The plain-text part is read; a mail with only HTML is turned into text first, leaving out its quotation elements
/// (<c>blockquote</c>, Gmail's <c>gmail_quote</c>, Outlook's <c>divRplyFwdMsg</c>).</summary>
public static partial class ReplyText
{
    /// <summary>The person's own words in <paramref name="message"/>, trimmed; empty when nothing is left.</summary>
    public static string Extract(MimeMessage message)
    {
        var text = message.TextBody;
        if (string.IsNullOrWhiteSpace(text) && message.HtmlBody is { } html)
        {
            text = HtmlToText(html);
        }
        return Cut(text ?? "");
    }

    /// <summary>The text before the first line that starts a quotation or a signature, without <c>&gt;</c> lines.</summary>
    public static string Cut(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var kept = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd();
            var trimmed = line.Trim();
            if (StartsQuotation(lines, i, trimmed))
            {
                break;
            }
            if (trimmed.StartsWith('>'))
            {
                continue;
            }
            kept.Add(line);
        }
        while (kept.Count > 0 && (string.IsNullOrWhiteSpace(kept[^1]) || BareAddress().IsMatch(kept[^1].Trim())))
        {
            kept.RemoveAt(kept.Count - 1);
        }
        return string.Join('\n', kept).Trim('\n', ' ', '\t', '\u00a0', '\u3000');
    }

    private static bool StartsQuotation(string[] lines, int index, string line)
    {
        if (line is "--" or "-- " || lines[index] == "-- " || lines[index] == "--")
        {
            return true;
        }
        if (SentFrom().IsMatch(line) || Separator().IsMatch(line) || ChineseWrote().IsMatch(line))
        {
            return true;
        }
        // "On Mon, 7 Dec 2026 at 10:00, Name <name@example.org>\nwrote:": the attribution may be wrapped over three lines.
        if (line.StartsWith("On ", StringComparison.Ordinal) || line.StartsWith("在", StringComparison.Ordinal) || line.StartsWith("Le ", StringComparison.Ordinal))
        {
            var joined = new StringBuilder(line);
            for (var next = index; next < Math.Min(lines.Length, index + 3); next++)
            {
                if (next > index)
                {
                    joined.Append(' ').Append(lines[next].Trim());
                }
                if (Wrote().IsMatch(joined.ToString()) || ChineseWrote().IsMatch(joined.ToString()))
                {
                    return true;
                }
            }
        }
        // Outlook and Foxmail without a separator line: "From: …" then "Sent:/Date:/To:/Subject:" (发件人/发送时间/收件人/主题).
        if (HeaderFrom().IsMatch(line))
        {
            for (var next = index + 1; next < Math.Min(lines.Length, index + 4); next++)
            {
                if (HeaderOther().IsMatch(lines[next].Trim()))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>The HTML as text, one line per block, without the quoted mail that clients wrap in quotation elements.</summary>
    public static string HtmlToText(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        foreach (var quote in document.QuerySelectorAll("blockquote, .gmail_quote, .gmail_attr, #divRplyFwdMsg, .yahoo_quoted, #appendonsend, script, style, head").ToList())
        {
            quote.Remove();
        }
        var text = new StringBuilder();
        if (document.Body is { } body)
        {
            AppendText(body, text);
        }
        return BlankLines().Replace(text.ToString(), "\n\n");
    }

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "pre", "hr", "section", "article", "header", "footer",
    };

    /// <summary>Text as a reader sees it: runs of white space as one space, a line break at <c>br</c> and around blocks.</summary>
    private static void AppendText(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText piece:
                    var collapsed = Spaces().Replace(piece.Data, " ");
                    if (text.Length == 0 || text[^1] == '\n')
                    {
                        collapsed = collapsed.TrimStart(' ');
                    }
                    text.Append(collapsed);
                    break;
                case IElement { LocalName: "br" }:
                    text.Append('\n');
                    break;
                case IElement element when Blocks.Contains(element.LocalName):
                    NewLine(text);
                    AppendText(element, text);
                    NewLine(text);
                    break;
                case IElement element:
                    AppendText(element, text);
                    break;
            }
        }
    }

    private static void NewLine(StringBuilder text)
    {
        while (text.Length > 0 && text[^1] == ' ')
        {
            text.Length--;
        }
        if (text.Length > 0 && text[^1] != '\n')
        {
            text.Append('\n');
        }
    }

    [GeneratedRegex(@"[ \t\r\n\f]+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\n{3,}", RegexOptions.CultureInvariant)]
    private static partial Regex BlankLines();

    [GeneratedRegex(@"^[^\s@]+@[^\s@]+\.[^\s@]+$", RegexOptions.CultureInvariant)]
    private static partial Regex BareAddress();

    [GeneratedRegex(@"\bwrote:\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Wrote();

    [GeneratedRegex(@"^(在.{2,}|.+于.{2,})(写道|寫道)[：:]\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex ChineseWrote();

    [GeneratedRegex(@"^(-{2,}\s*(Original Message|Forwarded message|原始邮件|原始郵件|转发邮件)\s*-{2,}|-{5,}\s*(Original|原始邮件)\s*-{5,}|_{10,})$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Separator();

    [GeneratedRegex(@"^(Sent from my \w+|Sent from (Mail|Outlook) for \w+|Get Outlook for \w+|发自我的\s*\w+|从我的\s*\w+\s*发送|来自我的\s*\w+)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SentFrom();

    [GeneratedRegex(@"^\*?(From|发件人|發件人)\*?\s*[:：]", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderFrom();

    [GeneratedRegex(@"^\*?(Sent|Date|To|Subject|Cc|发送时间|日期|时间|收件人|主题|抄送)\*?\s*[:：]", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderOther();
}
