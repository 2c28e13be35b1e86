using ChildForum.Core.Http;
using ChildForum.Core.Safeguarding;

namespace ChildForum.Core.Identity;

/// <summary>The children's-data guard for names (of people, organisations and groups). A name is shown everywhere and
/// never needs a number in it, so there is nothing to confirm: an ID number is refused with the guard's sentence, and a
/// phone number or e-mail address with one of its own, next to the field.</summary>
public static class NameGuard
{
    public const string ContactSentence =
        "A name may not contain a phone number or e-mail address ({0}). Remove it: names are shown to everyone who reads the group.";

    /// <summary>Records an error on <paramref name="field"/> when <paramref name="name"/> holds personal data; returns the name
    /// when it may be stored, null otherwise (also when it was already null).</summary>
    public static string? Check(Validation validation, string field, string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return name;
        }
        var findings = PersonalDataScanner.Scan(name);
        if (findings.HasIdNumber)
        {
            validation.Add(field, PersonalDataGuard.IdNumberSentence, string.Join(", ", findings.IdNumbers.Select(PersonalDataScanner.Mask)));
            return null;
        }
        if (findings.NeedsConfirmation)
        {
            validation.Add(field, ContactSentence, string.Join(", ", findings.PhoneNumbers.Concat(findings.EmailAddresses).Select(PersonalDataScanner.Mask)));
            return null;
        }
        return name;
    }
}
