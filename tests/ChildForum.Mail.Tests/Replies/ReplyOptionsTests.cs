using ChildForum.Mail.Services.Replies;

namespace ChildForum.Mail.Tests.Replies;

/// <summary>The reply reader's settings are checked at start, with a sentence that names the key.</summary>
public sealed class ReplyOptionsTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(new ReplyOptionsValidation().Validate(null, new ReplyOptions()).Succeeded);
    }

    [Theory]
    [InlineData("00:00:00", "00:05:00", "Processed", "Mail:Replies:PollInterval")]
    [InlineData("00:00:30", "00:00:00", "Processed", "Mail:Replies:MaxReconnectDelay")]
    [InlineData("00:00:30", "00:05:00", "Archive/Done", "Mail:Replies:ProcessedFolder")]
    [InlineData("00:00:30", "00:05:00", " ", "Mail:Replies:ProcessedFolder")]
    public void A_value_the_reader_cannot_use_is_refused_naming_its_key(string poll, string reconnect, string folder, string key)
    {
        var result = new ReplyOptionsValidation().Validate(null, new ReplyOptions
        {
            PollInterval = TimeSpan.Parse(poll, System.Globalization.CultureInfo.InvariantCulture),
            MaxReconnectDelay = TimeSpan.Parse(reconnect, System.Globalization.CultureInfo.InvariantCulture),
            ProcessedFolder = folder,
        });

        Assert.True(result.Failed);
        Assert.StartsWith(key + " is", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }
}
