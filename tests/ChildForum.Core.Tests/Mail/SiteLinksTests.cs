using ChildForum.Core.Mail;

namespace ChildForum.Core.Tests.Mail;

public sealed class SiteLinksTests
{
    [Theory]
    [InlineData("https://forum.example.org", "/groups/a/threads/1#m3", "https://forum.example.org/groups/a/threads/1#m3")]
    [InlineData("https://forum.example.org/", "groups/a", "https://forum.example.org/groups/a")]
    [InlineData("https://example.org/forum", "/groups/a?x=1", "https://example.org/forum/groups/a?x=1")]
    [InlineData("https://example.org/forum/", "/mail/unsubscribe?token=abc", "https://example.org/forum/mail/unsubscribe?token=abc")]
    [InlineData("http://127.0.0.1:5080", "/account/notifications", "http://127.0.0.1:5080/account/notifications")]
    public void A_site_path_is_taken_under_the_public_address_and_its_own_path(string publicUrl, string path, string expected)
    {
        Assert.Equal(expected, SiteLinks.Absolute(new Uri(publicUrl), path));
    }
}
