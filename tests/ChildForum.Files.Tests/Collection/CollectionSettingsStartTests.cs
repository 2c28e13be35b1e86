using ChildForum.Testing;

namespace ChildForum.Files.Tests.Collection;

/// <summary>A site given a collection setting it cannot use does not start, and the error names the key.</summary>
public sealed class CollectionSettingsStartTests
{
    [Theory]
    [InlineData("Files:Collection:GracePeriod", "00:10:00")]
    [InlineData("Files:Collection:Interval", "00:00:00")]
    [InlineData("Files:Collection:Interval", "six hours")]
    public async Task A_bad_value_stops_the_site_naming_the_key(string key, string value)
    {
        await using var app = new SqliteForumAppFactory();
        app.Settings[key] = value;

        var error = await Assert.ThrowsAnyAsync<Exception>(app.StartAsync);

        Assert.Contains(key, Messages(error), StringComparison.Ordinal);
    }

    private static string Messages(Exception error) =>
        error.InnerException is null ? error.Message : error.Message + " " + Messages(error.InnerException);
}
