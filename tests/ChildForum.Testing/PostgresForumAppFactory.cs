using Microsoft.AspNetCore.Hosting;
using Npgsql;

namespace ChildForum.Testing;

/// <summary>The site on PostgreSQL, in a database of its own (<c>childforum_test_…</c>) that is created on
/// the server named by <c>CHILDFORUM_TEST_POSTGRES</c> and dropped afterwards.</summary>
public sealed class PostgresForumAppFactory : ForumAppFactory
{
    public const string DatabasePrefix = "childforum_test_";

    private readonly string _serverConnectionString;

    private readonly bool _ownsDatabase;

    public PostgresForumAppFactory(string serverConnectionString, bool realServer = false)
        : this(serverConnectionString, realServer, DatabasePrefix + Guid.NewGuid().ToString("N"), ownsDatabase: true)
    {
    }

    private PostgresForumAppFactory(string serverConnectionString, bool realServer, string databaseName, bool ownsDatabase)
        : base(realServer)
    {
        _serverConnectionString = serverConnectionString;
        _ownsDatabase = ownsDatabase;
        DatabaseName = databaseName;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = DatabaseName }.ConnectionString;
    }

    public override string ProviderName => "PostgreSQL";

    public string DatabaseName { get; }

    /// <summary>The site's connection string, to this factory's database.</summary>
    public string ConnectionString { get; }

    public override ForumAppFactory NewSite(bool realServer) => new PostgresForumAppFactory(_serverConnectionString, realServer);

    /// <summary>Another host on this factory's database, which it neither creates nor drops.</summary>
    public override ForumAppFactory NewNode(bool realServer = true) => new PostgresForumAppFactory(_serverConnectionString, realServer, DatabaseName, ownsDatabase: false);

    protected override async Task CreateDatabaseAsync()
    {
        if (_ownsDatabase)
        {
            await ExecuteOnServerAsync($"CREATE DATABASE \"{DatabaseName}\"");
        }
    }

    protected override void ConfigureDatabase(IWebHostBuilder builder) =>
        builder.UseSetting("ConnectionStrings:Postgres", ConnectionString);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (!_ownsDatabase)
        {
            GC.SuppressFinalize(this);
            return;
        }
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
