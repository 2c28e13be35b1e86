using ChildForum.Testing;

namespace ChildForum.WorkingGroups.Tests.Infrastructure;

/// <summary>The rule every test project relies on: a missing outside service skips its tests on a developer's
/// machine and fails them under CI.</summary>
public sealed class ExternalServiceTests
{
    [Fact]
    public void Configured_service_returns_its_connection_string()
    {
        var service = ExternalService.FromEnvironmentVariable("PostgreSQL", "CHILDFORUM_TEST_POSTGRES", "Host=…",
            Environment(("CHILDFORUM_TEST_POSTGRES", " Host=127.0.0.1 "), ("CI", "true")));

        Assert.Equal("Host=127.0.0.1", service.Require());
    }

    [Fact]
    public void Missing_service_skips_the_test_outside_CI()
    {
        var service = ExternalService.FromEnvironmentVariable("Redis", "CHILDFORUM_TEST_REDIS", "127.0.0.1:6379", Environment(("CI", "false")));

        var skip = Assert.Throws<SkipException>(() => service.Require());

        Assert.Contains("CHILDFORUM_TEST_REDIS is not set", skip.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("TRUE")]
    public void Missing_service_fails_the_test_when_CI_is_true(string ci)
    {
        var service = ExternalService.FromEnvironmentVariable("PostgreSQL", "CHILDFORUM_TEST_POSTGRES", "Host=…", Environment(("CHILDFORUM_TEST_POSTGRES", "  "), ("CI", ci)));

        var failure = Assert.Throws<ExternalServiceMissingException>(() => service.Require());

        Assert.StartsWith("CHILDFORUM_TEST_POSTGRES is not set but CI=true", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_program_file_fails_under_CI_naming_the_path()
    {
        var service = ExternalService.FromFile("Chromium", "/nonexistent/chromium", "apt-get install -y chromium", Environment(("CI", "true")));

        var failure = Assert.Throws<ExternalServiceMissingException>(() => service.Require());

        Assert.StartsWith("/nonexistent/chromium does not exist but CI=true", failure.Message, StringComparison.Ordinal);
    }

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.Where(v => v.Name == name).Select(v => v.Value).FirstOrDefault();
}
