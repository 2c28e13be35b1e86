using Microsoft.AspNetCore.Hosting;
using Npgsql;

namespace ChildForum.Testing;

/// <summary>The site on PostgreSQL, in a database of its own (<c>childforum_test_…</c>) that is created on
/// the server named by <c>CHILDFORUM_TEST_POSTGRES</c> and dropped afterwards.</summary>
public sealed class PostgresForumAppFactory : ForumAppFactory
{
    public const string DatabasePrefix = "childforum_test_";

    private readonly string _serverConnectionString;

    public PostgresForumAppFactory(string serverConnectionString, bool realServer = false)
        : base(realServer)
    {
        _serverConnectionString = serverConnectionString;
        DatabaseName = DatabasePrefix + Guid.NewGuid().ToString("N");
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = DatabaseName }.ConnectionString;
    }

    public override string ProviderName => "PostgreSQL";

    public string DatabaseName { get; }

    /// <summary>The site's connection string, to this factory's database.</summary>
    public string ConnectionString { get; }

    public override ForumAppFactory NewSite(bool realServer) => new PostgresForumAppFactory(_serverConnectionString, realServer);

    protected override async Task CreateDatabaseAsync() => await ExecuteOnServerAsync($"CREATE DATABASE \"{DatabaseName}\"");

    protected override void ConfigureDatabase(IWebHostBuilder builder) =>
        builder.UseSetting("ConnectionStrings:Postgres", ConnectionString);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        // The site's pooled connections would keep the database in use.
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)");
        GC.SuppressFinalize(this);
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        // The maintenance database, without pooling, so that no connection of ours outlives the command.
        var builder = new NpgsqlConnectionStringBuilder(_serverConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
