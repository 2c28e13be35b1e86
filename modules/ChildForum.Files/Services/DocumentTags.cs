using ChildForum.Core.Http;
using ChildForum.Core.Safeguarding;
using ChildForum.Files.Models;

namespace ChildForum.Files.Services;

/// <summary>The <c>tags</c> upload field: comma separated (the Chinese full-width comma too), each trimmed, empty ones
/// and repeats (ignoring case) dropped; at most <see cref="DocumentTag.MaxCount"/> of at most
/// <see cref="DocumentTag.MaxLength"/> characters. A tag is a label, read by everyone who reads the document, so the
/// children's-data guard treats it as a name: an ID number, a phone number or an e-mail address is refused on the field
/// (there is nothing to confirm in a label).</summary>
public static class DocumentTags
{
    public const string Field = "tags";

    public const string TooMany = "Give at most {0} tags, separated by commas; this has {1}.";
    public const string TooLong = "A tag may be at most {0} characters long; one has {1}.";
    public const string ControlCharacters = "A tag may not hold line breaks or other control characters.";
    public const string PersonalData = "A tag may not hold a phone number or e-mail address: tags are labels that every reader sees.";

    private static readonly char[] Separators = [',', '，'];

    /// <summary>The tags of the field, or none after recording what is wrong in <paramref name="validation"/>.</summary>
    public static IReadOnlyList<string> Parse(string? value, Validation validation)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return [];
        }
        var tags = value.Split(Separators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (tags.Count > DocumentTag.MaxCount)
        {
            validation.Add(Field, TooMany, DocumentTag.MaxCount, tags.Count);
            return [];
        }
        var valid = true;
        foreach (var tag in tags)
        {
            var findings = PersonalDataScanner.Scan(tag);
            var problem = tag.Length > DocumentTag.MaxLength ? (TooLong, new object[] { DocumentTag.MaxLength, tag.Length })
                : tag.Any(char.IsControl) ? (ControlCharacters, [])
                : findings.HasIdNumber ? (PersonalDataGuard.IdNumberSentence, [string.Join(", ", findings.IdNumbers.Select(PersonalDataScanner.Mask))])
                : findings.NeedsConfirmation ? (PersonalData, [])
                : ((string Format, object[] Args)?)null;
            if (problem is { } found)
            {
                validation.Add(Field, found.Format, found.Args);
                valid = false;
            }
        }
        return valid ? tags : [];
    }
}
