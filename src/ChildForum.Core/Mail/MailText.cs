using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ChildForum.Core.Mail;

/// <summary>Small pieces every composer needs, so that the modules write mail the same way: text that people wrote put
/// into a mail's Markdown as text (a title like <c>[x](https://…)</c> must not become a link), a message quoted, the
/// facts of <see cref="MailRequest.Data"/> read back, and the recipient's language made current while composing.</summary>
public static class MailText
{
    /// <summary>One line of plain text as Markdown that shows exactly that text: every ASCII punctuation character is
    /// backslash-escaped (CommonMark allows it for all of them) and line breaks become spaces.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\r' or '\n')
            {
                builder.Append(' ');
            }
            else if (char.IsAsciiLetterOrDigit(c) || c > 127 || char.IsWhiteSpace(c) || !char.IsPunctuation(c) && !char.IsSymbol(c))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('\\').Append(c);
            }
        }
        return builder.ToString();
    }

    /// <summary>Markdown (a message as its author wrote it, already through the safeguarding guard) as a block quote.</summary>
    public static string Quote(string markdown) =>
        string.Join('\n', markdown.ReplaceLineEndings("\n").Trim('\n').Split('\n').Select(line => line.Length == 0 ? ">" : "> " + line));

    /// <summary>The request's data as JSON facts (<see cref="MailRequest.Data"/>): <c>{"sequence":3}</c>.</summary>
    public static string Data(object facts) => JsonSerializer.Serialize(facts);

    /// <summary>A whole number from <see cref="MailRequest.Data"/>, or null when it is missing or not a number.</summary>
    public static int? Number(string? data, string name)
    {
        if (string.IsNullOrEmpty(data))
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(data);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var value) && value.TryGetInt32(out var number)
                ? number : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A string from <see cref="MailRequest.Data"/>, or null.</summary>
    public static string? String(string? data, string name)
    {
        if (string.IsNullOrEmpty(data))
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(data);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The id of a subject <c>type:id</c> of the given type, or null.</summary>
    public static long? SubjectId(string subject, string type) =>
        subject.StartsWith(type + ":", StringComparison.Ordinal) && long.TryParse(subject.AsSpan(type.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id : null;

    /// <summary>Makes <paramref name="culture"/> the current (UI) culture, so that the module's <c>IStringLocalizer</c> and
    /// date formats speak the recipient's language. Call it at the top of an <c>async</c> composer: the culture flows
    /// with the async context, so the change ends when the composer returns and does not leak to the sender.</summary>
    public static void UseCulture(CultureInfo culture)
    {
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
    }
}
