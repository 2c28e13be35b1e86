using ChildForum.Testing;

namespace ChildForum.Files.Tests;

// One site per database provider and storage; the document tests run on all four. Tests that change something work in
// a group of their own (DocumentApi.NewGroupAsync) and never touch the demo groups.

[CollectionDefinition(SqliteAppFixture.Collection)]
public sealed class SqliteCollection : ICollectionFixture<SqliteAppFixture>;

[CollectionDefinition(PostgresAppFixture.Collection)]
public sealed class PostgresCollection : ICollectionFixture<PostgresAppFixture>;

[CollectionDefinition(SqliteS3Fixture.Collection)]
public sealed class SqliteS3Collection : ICollectionFixture<SqliteS3Fixture>;

[CollectionDefinition(PostgresS3Fixture.Collection)]
public sealed class PostgresS3Collection : ICollectionFixture<PostgresS3Fixture>;

[CollectionDefinition(SmallLimitFixture.Collection)]
public sealed class SmallLimitCollection : ICollectionFixture<SmallLimitFixture>;

/// <summary>The settings of a site that stores files in a bucket of its own on the S3 server of <c>CHILDFORUM_TEST_S3</c>
/// (none without it: the fixture's <c>App</c> then skips the test, or fails it under CI).</summary>
public static class S3Settings
{
    public static IReadOnlyDictionary<string, string?>? ForNewSite() => ExternalService.S3.Value is { } url
        ? new Dictionary<string, string?>
        {
            ["Files:Storage"] = "s3",
            ["Files:S3:ServiceUrl"] = url,
            ["Files:S3:Bucket"] = "childforum-test-" + Guid.NewGuid().ToString("N")[..12],
            ["Files:S3:AccessKey"] = "S3RVER",
            ["Files:S3:SecretKey"] = "S3RVER",
        }
        : null;
}

/// <summary>SQLite, files on s3rver.</summary>
public sealed class SqliteS3Fixture() : SqliteSiteFixture(realServer: false, S3Settings.ForNewSite())
{
    public const string Collection = "SQLite site, files on S3";

    public override ForumAppFactory App
    {
        get
        {
            ExternalService.S3.Require();
            return base.App;
        }
    }
}

/// <summary>PostgreSQL, files on s3rver.</summary>
public sealed class PostgresS3Fixture() : PostgresSiteFixture(realServer: false, S3Settings.ForNewSite())
{
    public const string Collection = "PostgreSQL site, files on S3";

    public override ForumAppFactory App
    {
        get
        {
            ExternalService.S3.Require();
            return base.App;
        }
    }
}

/// <summary>SQLite on Kestrel (which enforces request body limits, as production does) with <c>Files:MaxBytes</c> = 64 KB.</summary>
public sealed class SmallLimitFixture() : SqliteSiteFixture(realServer: true, new Dictionary<string, string?> { ["Files:MaxBytes"] = MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) })
{
    public const string Collection = "SQLite site, 64 KB files";

    public const long MaxBytes = 64 * 1024;
}
