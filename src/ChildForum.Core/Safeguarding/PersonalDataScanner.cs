using System.Text;
using System.Text.RegularExpressions;

namespace ChildForum.Core.Safeguarding;

public sealed record PersonalDataFindings(IReadOnlyList<string> IdNumbers, IReadOnlyList<string> PhoneNumbers, IReadOnlyList<string> EmailAddresses)
{
    public bool HasIdNumber => IdNumbers.Count > 0;
    public bool NeedsConfirmation => PhoneNumbers.Count > 0 || EmailAddresses.Count > 0;
}

/// <summary>Safeguarding: looks for personal data about children before a message is stored. A Chinese resident
/// ID number (18 characters, valid ISO 7064 MOD 11-2 check character and birth date) is refused; mainland mobile
/// numbers and e-mail addresses need the author's confirmation and are flagged to facilitators. Full-width digits
/// and letters are read as their ASCII forms, and spaces or hyphens inside a number do not hide it.</summary>
public static partial class PersonalDataScanner
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    /// <summary>Scans a Markdown body and the text of its rendering: Markdown can split a number (<c>110105**1949**…</c>)
    /// or write its digits as character references (<c>&amp;#49;</c>) so that only the page a reader sees shows it whole.</summary>
    public static PersonalDataFindings Scan(string markdown, string html) =>
        Scan(markdown + "\n" + System.Net.WebUtility.HtmlDecode(Tags().Replace(html, "")));

    public static PersonalDataFindings Scan(string text)
    {
        var normalised = text.Normalize(NormalizationForm.FormKC);
        var collapsed = Separators().Replace(normalised, "");

        var ids = IdCandidate().Matches(collapsed).Select(m => m.Value.ToUpperInvariant()).Where(IsValidIdNumber).Distinct().ToList();
        var phones = MobileNumber().Matches(collapsed).Select(m => m.Groups["number"].Value).Distinct().ToList();
        var emails = EmailAddress().Matches(normalised).Select(m => m.Value).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return new PersonalDataFindings(ids, phones, emails);
    }

    public static bool IsValidIdNumber(string id)
    {
        if (id.Length != 18)
        {
            return false;
        }
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            if (id[i] is < '0' or > '9')
            {
                return false;
            }
            sum += (id[i] - '0') * Weights[i];
        }
        if (char.ToUpperInvariant(id[17]) != CheckCharacters[sum % 11])
        {
            return false;
        }
        return DateOnly.TryParseExact(id.AsSpan(6, 8), "yyyyMMdd", out var birth) && birth.Year >= 1900;
    }

    /// <summary>"…1234": enough for the author to find it, not enough to repeat it.</summary>
    public static string Mask(string value) => value.Length <= 4 ? value : "…" + value[^4..];

    // Spaces and hyphens between digits ("110101 19900307 123X", "138-1234-5678").
    [GeneratedRegex(@"(?<=\d)[ \-\u00A0](?=[\dXx])")]
    private static partial Regex Separators();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])")]
    private static partial Regex IdCandidate();

    [GeneratedRegex(@"(?<![0-9])(?:\+?86)?(?<number>1[3-9]\d{9})(?![0-9])")]
    private static partial Regex MobileNumber();

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")]
    private static partial Regex EmailAddress();
}
