using ChildForum.Core.Http;
using ChildForum.Core.Localization;
using ChildForum.Core.Markdown;
using Microsoft.Extensions.Localization;

namespace ChildForum.Core.Safeguarding;

/// <summary>One text a person wrote, as the field it came in (<c>body</c>, <c>title</c>, <c>rationale</c> …).
/// <paramref name="Html"/> is its rendering when it is Markdown, so that a number split by Markdown is still found.</summary>
public readonly record struct GuardedText(string Field, string? Text, string? Html = null);

/// <summary>What the guard decided: <see cref="Refusal"/> is null when the texts may be stored. When
/// <see cref="NeedsFlag"/> is true the author confirmed a phone number or e-mail address, and the module tells the
/// group's facilitators (a flag, a notification) in the same unit of work.</summary>
public sealed record GuardResult(PersonalDataFindings Findings, Outcome<bool>? Refusal)
{
    public bool Allowed => Refusal is null;
    public bool NeedsFlag => Allowed && Findings.NeedsConfirmation;

    /// <summary>The refusal as another outcome type (only when not allowed).</summary>
    public Outcome<T> Failure<T>() => Refusal!.Failure<T>();
}

/// <summary>The children's-data guard for every text a person can write. A Chinese resident ID number is refused
/// (400, <c>code: "id-number"</c>, the error on the field that holds it); a mainland mobile number or an e-mail address
/// needs the author's confirmation (409, <c>code: "personal-data-confirmation"</c>) and, once confirmed, is stored and
/// flagged to the facilitators. One scanner, one wording, everywhere: messages, drafts, comments, amendments, positions,
/// meetings, minutes, decisions, actions, descriptions and names.</summary>
public sealed class PersonalDataGuard(IStringLocalizer<CoreResource> t)
{
    public const string IdNumberCode = "id-number";
    public const string ConfirmationCode = "personal-data-confirmation";

    /// <summary>Checks the texts together. <paramref name="confirmed"/> is the author's <c>confirmPersonalData</c>.</summary>
    public GuardResult Check(bool confirmed, params ReadOnlySpan<GuardedText> texts)
    {
        var ids = new List<string>();
        var phones = new List<string>();
        var emails = new List<string>();
        var refused = new Validation();
        foreach (var text in texts)
        {
            if (string.IsNullOrEmpty(text.Text))
            {
                continue;
            }
            var findings = text.Html is null ? PersonalDataScanner.Scan(text.Text) : PersonalDataScanner.Scan(text.Text, text.Html);
            if (findings.HasIdNumber)
            {
                refused.Add(text.Field, IdNumberSentence, string.Join(", ", findings.IdNumbers.Select(PersonalDataScanner.Mask)));
            }
            ids.AddRange(findings.IdNumbers);
            phones.AddRange(findings.PhoneNumbers);
            emails.AddRange(findings.EmailAddresses);
        }
        var all = new PersonalDataFindings(ids.Distinct().ToList(), phones.Distinct().ToList(), emails.Distinct(StringComparer.OrdinalIgnoreCase).ToList());
        if (!refused.IsValid)
        {
            return new(all, Outcome<bool>.Invalid(refused) with { Extensions = new Dictionary<string, object?> { ["code"] = IdNumberCode } });
        }
        if (all.NeedsConfirmation && !confirmed)
        {
            var what = string.Join(", ", all.PhoneNumbers.Concat(all.EmailAddresses).Select(PersonalDataScanner.Mask));
            return new(all, Outcome<bool>.Conflict(t[ConfirmationSentence, what])
                with { Extensions = new Dictionary<string, object?> { ["code"] = ConfirmationCode } });
        }
        return new(all, null);
    }

    /// <summary>Checks one Markdown text, rendering it with the site's pipeline first.</summary>
    public GuardResult CheckMarkdown(IMarkdownRenderer markdown, string field, string? text, bool confirmed) =>
        Check(confirmed, new GuardedText(field, text, string.IsNullOrEmpty(text) ? null : markdown.ToHtml(text)));

    /// <summary>English format strings (the key of the translations); validation errors are localised by the caller.</summary>
    public const string IdNumberSentence =
        "This text contains what looks like a Chinese resident ID number ({0}). Remove it: ID numbers identify a person, often a child, and must never be stored here.";

    public const string ConfirmationSentence =
        "This text contains a phone number or e-mail address ({0}). If it is about a child, remove it. If it is right to share it, send it again and confirm; the facilitators will be told.";
}
