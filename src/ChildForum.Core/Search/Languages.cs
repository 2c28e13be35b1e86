namespace ChildForum.Core.Search;

public static class Languages
{
    /// <summary>zh-Hans when a fifth or more of the letters are Han characters, otherwise en.</summary>
    public static string Detect(string text)
    {
        int han = 0, letters = 0;
        foreach (var c in text)
        {
            if (c is (>= '\u3400' and <= '\u9FFF') or (>= '\uF900' and <= '\uFAFF'))
            {
                han++;
                letters++;
            }
            else if (char.IsLetter(c))
            {
                letters++;
            }
        }
        return letters > 0 && han * 5 >= letters ? "zh-Hans" : "en";
    }
}
