namespace ChildForum.Core.Localization;

/// <summary>A text cut to fit its column.</summary>
public static class StoredText
{
    /// <summary><paramref name="text"/> as it is when it fits in <paramref name="maxLength"/> characters (UTF-16 code
    /// units, as the columns count them), else its beginning and "…". The cut never halves a character written with two
    /// code units (an emoji, a rare Han character): half of one is not text, and PostgreSQL refuses it.</summary>
    public static string Shorten(string text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return text;
        }
        var keep = maxLength - 1;
        if (char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }
        return text[..keep] + "…";
    }
}
