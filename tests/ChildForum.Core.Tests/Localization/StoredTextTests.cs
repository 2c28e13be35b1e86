using ChildForum.Core.Localization;

namespace ChildForum.Core.Tests.Localization;

/// <summary>A text cut to fit its column keeps whole characters.</summary>
public sealed class StoredTextTests
{
    [Theory]
    [InlineData("abcde", 5, "abcde")]
    [InlineData("abcdef", 5, "abcd…")]
    [InlineData("", 5, "")]
    // The 4th and 5th code units are one emoji: it goes whole, never its first half alone.
    [InlineData("abc😀def", 5, "abc…")]
    [InlineData("ab😀cdef", 5, "ab😀…")]
    // A Han character outside the Basic Multilingual Plane (two code units) likewise.
    [InlineData("儿童𠀀主任", 4, "儿童…")]
    public void Shortens_to_the_length_with_an_ellipsis_and_whole_characters(string text, int maxLength, string expected)
    {
        var shortened = StoredText.Shorten(text, maxLength);

        Assert.Equal(expected, shortened);
        Assert.True(shortened.Length <= maxLength);
    }
}
