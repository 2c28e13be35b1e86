using ChildForum.Testing;

namespace ChildForum.Mail.Tests.Sending;

/// <summary>Mail settings the sender could not use stop the site at start with a sentence naming the key.</summary>
public abstract class MailSettingsTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableTheory]
    [InlineData("Mail:Smtp:Security", "ssl", "Mail:Smtp:Security")]
    [InlineData("Mail:Smtp:Port", "70000", "Mail:Smtp:Port")]
    [InlineData("Mail:From", "", "Mail:From is required")]
    [InlineData("Mail:From", "not an address", "Mail:From")]
    [InlineData("Mail:ReplyAddress", "reply+x@forum.example.org", "Mail:ReplyAddress")]
    [InlineData("Mail:Imap:Security", "always", "Mail:Imap:Security")]
    [InlineData("Mail:Sending:BatchSize", "0", "Mail:Sending:BatchSize")]
    [InlineData("Mail:Sending:ComposeAhead", "0", "Mail:Sending:ComposeAhead")]
    [InlineData("Mail:Sending:MaxAttempts", "100", "Mail:Sending:MaxAttempts")]
    [InlineData("Mail:Sending:PollInterval", "00:00:00", "Mail:Sending:PollInterval")]
    public async Task A_setting_the_sender_could_not_use_stops_the_site_with_a_sentence_naming_it(string key, string value, string named)
    {
        await using var node = App.NewNode(realServer: false);
        node.Settings["Mail:Smtp:Host"] = "127.0.0.1";
        node.Settings["Mail:From"] = "ChildForum <forum@example.org>";
        node.Settings[key] = value;

        var error = await Assert.ThrowsAnyAsync<Exception>(node.StartAsync);

        Assert.Contains(named, error.ToString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Without_an_smtp_server_the_site_starts_with_no_sender_address()
    {
        await using var node = App.NewNode(realServer: false);
        node.Settings["Mail:From"] = "";

        await node.StartAsync();

        using var client = node.CreateClient();
        using var response = await client.GetAsync("/health");
        Assert.True(response.IsSuccessStatusCode);
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class MailSettingsTestsOnSqlite(SqliteAppFixture fixture) : MailSettingsTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class MailSettingsTestsOnPostgres(PostgresAppFixture fixture) : MailSettingsTests(fixture);
