using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;

namespace ChildForum.Testing;

/// <summary>The site on SQLite, in a fresh temporary data folder that is deleted afterwards.</summary>
public sealed class SqliteForumAppFactory : ForumAppFactory
{
    private readonly bool _ownsDataPath;

    public SqliteForumAppFactory(bool realServer = false)
        : this(realServer, Path.Combine(Path.GetTempPath(), "childforum-tests", Guid.NewGuid().ToString("N")), ownsDataPath: true)
    {
    }

    private SqliteForumAppFactory(bool realServer, string dataPath, bool ownsDataPath)
        : base(realServer)
    {
        DataPath = dataPath;
        _ownsDataPath = ownsDataPath;
        Directory.CreateDirectory(DataPath);
    }

    public override string ProviderName => "SQLite";

    public string DataPath { get; }

    public override ForumAppFactory NewSite(bool realServer) => new SqliteForumAppFactory(realServer);

    /// <summary>Another host on this factory's data folder (the same SQLite file), which it leaves in place when disposed.</summary>
    public override ForumAppFactory NewNode(bool realServer = true) => new SqliteForumAppFactory(realServer, DataPath, ownsDataPath: false);

    protected override void ConfigureDatabase(IWebHostBuilder builder)
    {
        builder.UseSetting("ChildForum:DataPath", DataPath);
        // An empty value wins over a ConnectionStrings__Postgres that the machine may have set.
        builder.UseSetting("ConnectionStrings:Postgres", "");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (!_ownsDataPath)
        {
            GC.SuppressFinalize(this);
            return;
        }
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // A file still open: the folder is under the system's temp folder, which is cleaned anyway.
        }
        GC.SuppressFinalize(this);
    }
}
