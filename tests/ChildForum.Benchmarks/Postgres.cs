using Npgsql;

namespace ChildForum.Benchmarks;

public static class Postgres
{
    /// <summary>Drops a database that a site-pg case created (the site itself creates it when it migrates).</summary>
    public static async Task DropDatabaseAsync(string connectionString, string database)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString + ";Database=postgres");
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException e)
        {
            Console.Error.WriteLine($"Could not drop the benchmark database {database}: {e.Message}");
        }
    }
}
