using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;

namespace ChildForum.Testing;

/// <summary>The site on SQLite, in a fresh temporary data folder that is deleted afterwards.</summary>
public sealed class SqliteForumAppFactory : ForumAppFactory
{
    public SqliteForumAppFactory(bool realServer = false)
        : base(realServer)
    {
        DataPath = Path.Combine(Path.GetTempPath(), "childforum-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataPath);
    }

    public override string ProviderName => "SQLite";

    public string DataPath { get; }

    public override ForumAppFactory NewSite(bool realServer) => new SqliteForumAppFactory(realServer);

    protected override void ConfigureDatabase(IWebHostBuilder builder)
    {
        builder.UseSetting("ChildForum:DataPath", DataPath);
        // An empty value wins over a ConnectionStrings__Postgres that the machine may have set.
        builder.UseSetting("ConnectionStrings:Postgres", "");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
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
