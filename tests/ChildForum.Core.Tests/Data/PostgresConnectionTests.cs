using ChildForum.Web.Setup;
using Npgsql;

namespace ChildForum.Core.Tests.Data;

/// <summary>The site's defaults for a PostgreSQL connection string: statements prepared automatically unless the
/// operator's string says otherwise; everything else the operator wrote is kept.</summary>
public sealed class PostgresConnectionTests
{
    [Fact]
    public void A_string_without_the_setting_gets_automatic_preparation_and_keeps_the_rest()
    {
        var result = new NpgsqlConnectionStringBuilder(PostgresConnection.WithDefaults("Host=db.example;Port=5433;Username=forum;Password=secret;Database=childforum;Maximum Pool Size=40"));

        Assert.Equal(PostgresConnection.MaxAutoPrepare, result.MaxAutoPrepare);
        Assert.Equal(("db.example", 5433, "forum", "secret", "childforum", 40), (result.Host, result.Port, result.Username, result.Password, result.Database, result.MaxPoolSize));
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;MaxAutoPrepare=10", 10)]
    [InlineData("Host=db;max auto prepare=5", 5)]
    public void The_operators_own_setting_wins(string configured, int expected)
    {
        Assert.Equal(configured, PostgresConnection.WithDefaults(configured));
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(PostgresConnection.WithDefaults(configured)).MaxAutoPrepare);
    }
}
