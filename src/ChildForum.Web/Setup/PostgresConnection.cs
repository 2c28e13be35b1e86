using Npgsql;

namespace ChildForum.Web.Setup;

/// <summary>The site's defaults for a PostgreSQL connection string; whatever the operator's string sets wins.
/// <para><b>Automatic preparation</b> (<c>Max Auto Prepare</c>): by default Npgsql sends every statement to be parsed and
/// planned again. The site runs a few dozen statements over and over (every live message runs the same seven), so
/// Npgsql prepares the ones used most on each pooled connection and sends only their parameters after that. Measured
/// with pg_stat_statements under the site-wide live case (see docs/benchmarks.md), where PostgreSQL's own CPU was the
/// limit.</para></summary>
public static class PostgresConnection
{
    /// <summary>Statements prepared per physical connection, the most used first.</summary>
    public const int MaxAutoPrepare = 64;

    public static string WithDefaults(string connectionString)
    {
        // Only the keys the operator wrote (a plain builder keeps exactly those), in either spelling Npgsql accepts.
        var written = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (written.ContainsKey("Max Auto Prepare") || written.ContainsKey("MaxAutoPrepare"))
        {
            return connectionString;
        }
        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = MaxAutoPrepare }.ConnectionString;
    }
}
