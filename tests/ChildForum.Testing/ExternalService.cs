using Xunit;

namespace ChildForum.Testing;

/// <summary>Something outside the test process that some tests need: a database server, Redis, a browser.
/// A test calls <see cref="Require"/> first. When the service is missing the test is skipped on a
/// developer's machine, but fails under CI (<c>CI=true</c>), so that a CI run cannot go green by skipping
/// what it was meant to check. Tests that call it must be <c>[SkippableFact]</c> or <c>[SkippableTheory]</c>.</summary>
public sealed class ExternalService
{
    private readonly Func<string, string?> _environment;
    private readonly Func<string?> _locate;

    private ExternalService(string name, string missingReason, string howToProvide, Func<string?> locate, Func<string, string?> environment)
    {
        Name = name;
        MissingReason = missingReason;
        HowToProvide = howToProvide;
        _locate = locate;
        _environment = environment;
    }

    /// <summary>A PostgreSQL server: <c>CHILDFORUM_TEST_POSTGRES</c> holds a connection string without a database,
    /// e.g. <c>Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres</c>.</summary>
    public static ExternalService Postgres { get; } = FromEnvironmentVariable(
        "PostgreSQL", "CHILDFORUM_TEST_POSTGRES", "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres");

    /// <summary>A Redis server: <c>CHILDFORUM_TEST_REDIS</c> holds its configuration string, e.g. <c>127.0.0.1:6379</c>.</summary>
    public static ExternalService Redis { get; } = FromEnvironmentVariable("Redis", "CHILDFORUM_TEST_REDIS", "127.0.0.1:6379");

    /// <summary>A MailDev server (npm <c>maildev</c>) that catches every mail sent to it: <c>CHILDFORUM_TEST_MAILDEV</c> holds
    /// its host, SMTP port and web port, e.g. <c>127.0.0.1:1025,1080</c> (see <see cref="MailDevServer"/>).</summary>
    public static ExternalService MailDev { get; } = FromEnvironmentVariable("MailDev", "CHILDFORUM_TEST_MAILDEV", "127.0.0.1:1025,1080");

    /// <summary>An IMAP server (Debian's Dovecot, started by <c>.ci/run</c>) on which any user name signs in with one password
    /// and has a mailbox of its own: <c>CHILDFORUM_TEST_IMAP</c> holds <c>host:port,user,password</c>, e.g.
    /// <c>127.0.0.1:10143,childforum,childforum</c> (see <see cref="ImapServer"/>).</summary>
    public static ExternalService Imap { get; } = FromEnvironmentVariable("Dovecot", "CHILDFORUM_TEST_IMAP", "127.0.0.1:10143,childforum,childforum");

    /// <summary>An S3-compatible server (npm <c>s3rver</c>, its default keys <c>S3RVER</c>/<c>S3RVER</c>):
    /// <c>CHILDFORUM_TEST_S3</c> holds its address, e.g. <c>http://127.0.0.1:4568</c>.</summary>
    public static ExternalService S3 { get; } = FromEnvironmentVariable("S3 (s3rver)", "CHILDFORUM_TEST_S3", "http://127.0.0.1:4568");

    /// <summary>Debian's Chromium, for browser tests.</summary>
    public static ExternalService Chromium { get; } = FromFile("Chromium", "/usr/bin/chromium", "apt-get install -y chromium fonts-noto-cjk");

    public string Name { get; }

    /// <summary>Why the service counts as missing, e.g. "CHILDFORUM_TEST_POSTGRES is not set".</summary>
    public string MissingReason { get; }

    public string HowToProvide { get; }

    /// <summary>The connection string or path, or null when the service is not configured.</summary>
    public string? Value => _locate();

    public bool IsAvailable => Value is not null;

    /// <summary>True when <c>CI</c> is <c>true</c>: then a missing service is a failure, not a skip.</summary>
    public bool IsCi => string.Equals(_environment("CI")?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns the connection string or path; skips the calling test when the service is missing,
    /// or fails it under CI.</summary>
    public string Require()
    {
        if (Value is { } value)
        {
            return value;
        }
        if (IsCi)
        {
            throw new ExternalServiceMissingException(
                $"{MissingReason} but CI=true: CI must run the {Name} tests instead of skipping them ({HowToProvide}; .ci/run does this).");
        }
        throw new SkipException($"{MissingReason}: {Name} tests are skipped ({HowToProvide} to run them).");
    }

    public static ExternalService FromEnvironmentVariable(string name, string variable, string example, Func<string, string?>? environment = null)
    {
        var read = environment ?? Environment.GetEnvironmentVariable;
        return new ExternalService(
            name,
            $"{variable} is not set",
            $"set {variable}, e.g. {variable}=\"{example}\"",
            () => read(variable) is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null,
            read);
    }

    public static ExternalService FromFile(string name, string path, string howToInstall, Func<string, string?>? environment = null) =>
        new(name, $"{path} does not exist", howToInstall, () => File.Exists(path) ? path : null, environment ?? Environment.GetEnvironmentVariable);
}

/// <summary>A service that CI must provide is missing: the test fails with the reason instead of being skipped.</summary>
public sealed class ExternalServiceMissingException(string message) : Exception(message);
