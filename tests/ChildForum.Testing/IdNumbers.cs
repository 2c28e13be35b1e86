namespace ChildForum.Testing;

/// <summary>Chinese resident ID numbers (GB 11643-1999) computed here, independently of the product: the 18th
/// character is the ISO 7064 MOD 11-2 check of the first 17 digits, the weight of digit i being 2^(17-i) mod 11.</summary>
public static class IdNumbers
{
    /// <summary>A valid ID number (the check character of the brief's example, born 1949-12-31).</summary>
    public const string Valid = "11010519491231002X";

    public static char CheckCharacter(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var weight = (1 << (17 - i)) % 11;
            sum += (first17[i] - '0') * weight;
        }
        var check = (12 - (sum % 11)) % 11;
        return check == 10 ? 'X' : (char)('0' + check);
    }

    public static string WithCheck(string first17) => first17 + CheckCharacter(first17);

    /// <summary>The same number with a check character that does not fit.</summary>
    public static string WithWrongCheck(string first17)
    {
        var right = CheckCharacter(first17);
        return first17 + (right == '0' ? '1' : '0');
    }

    /// <summary>"１１０１…" : the ASCII digits and X as their full-width forms.</summary>
    public static string FullWidth(string text) =>
        new(text.Select(c => c is >= '0' and <= '9' or 'X' or 'x' ? (char)(c + 0xFEE0) : c).ToArray());
}
