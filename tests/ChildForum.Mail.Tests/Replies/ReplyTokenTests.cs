using ChildForum.Mail.Services.Replies;
using ChildForum.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ChildForum.Mail.Tests.Replies;

/// <summary>The reply address's token, made and read with the site's own data-protection keys.</summary>
public abstract class ReplyTokenTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public void A_token_fits_a_local_part_and_names_its_person_and_thread_in_either_case()
    {
        var tokens = App.Services.GetRequiredService<ReplyTokens>();
        var userId = Guid.NewGuid().ToString();

        var token = tokens.Create(userId, 123456)!;

        Assert.NotNull(token);
        Assert.True(("reply+" + token).Length <= 64, $"'reply+{token}' is longer than a local part may be.");
        Assert.Matches("^[a-z2-7]+$", token);
        Assert.Equal(new ReplyAddressee(userId, 123456), tokens.Read(token));
        Assert.Equal(new ReplyAddressee(userId, 123456), tokens.Read(token.ToUpperInvariant()));
    }

    [SkippableFact]
    public void An_altered_token_or_one_for_another_thread_is_not_genuine()
    {
        var tokens = App.Services.GetRequiredService<ReplyTokens>();
        var token = tokens.Create(Guid.NewGuid().ToString(), 7)!;
        var other = tokens.Create(Guid.NewGuid().ToString(), 8)!;

        for (var i = 0; i < token.Length; i += 5)
        {
            var altered = token[..i] + (token[i] == 'a' ? 'b' : 'a') + token[(i + 1)..];
            Assert.Null(tokens.Read(altered));
        }
        // A person's and thread's part spliced onto another token's signature.
        Assert.Null(tokens.Read(token[..32] + other[32..]));
        Assert.Null(tokens.Read(token[..^1]));
        Assert.Null(tokens.Read(token[..^1] + "!"));
        Assert.Null(tokens.Read(""));
    }

    [SkippableFact]
    public void A_person_whose_id_is_not_a_guid_gets_no_token()
    {
        Assert.Null(App.Services.GetRequiredService<ReplyTokens>().Create("admin", 7));
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class ReplyTokenTestsOnSqlite(SqliteAppFixture fixture) : ReplyTokenTests(fixture);
