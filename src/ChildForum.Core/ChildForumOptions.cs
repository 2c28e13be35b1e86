namespace ChildForum.Core;

/// <summary>The <c>ChildForum</c> configuration section.</summary>
public sealed class ChildForumOptions
{
    public const string Section = "ChildForum";

    /// <summary>Folder for the SQLite database, the embedded search index and uploads. Relative paths are under the content root.</summary>
    public string DataPath { get; set; } = "App_Data";

    /// <summary>Recipe applied once to an empty database: <c>demo</c> or <c>empty</c>. Null means <c>demo</c> in Development, <c>empty</c> otherwise.</summary>
    public string? Recipe { get; set; }

    /// <summary>Apply migrations at start outside Development too. Off by default: production runs the <c>migrate</c> command.</summary>
    public bool MigrateOnStart { get; set; }

    /// <summary>Lets anyone create an account at /account/register. Off by default: facilitators invite people.</summary>
    public bool AllowSelfRegistration { get; set; }

    /// <summary>The site's address as people reach it (e.g. <c>https://forum.example.org</c>), for links that leave the
    /// site (exports); null: the address of the request.</summary>
    public string? PublicUrl { get; set; }
}
