using ChildForum.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;

namespace ChildForum.BrowserTests;

/// <summary>HSTS outside Development: browsers are told to use HTTPS only for a year; a developer's machine is not.</summary>
public sealed class StrictTransportSecurityTests
{
    [Theory]
    [InlineData("Production", true)]
    [InlineData("Development", false)]
    public async Task Https_answers_carry_strict_transport_security_outside_development(string environment, bool expected)
    {
        await using var site = new SqliteForumAppFactory();
        // A Production host migrates only when told to (the operator's command otherwise).
        await using var host = site.WithWebHostBuilder(builder => builder.UseEnvironment(environment).UseSetting("ChildForum:MigrateOnStart", "true"));
        using var client = host.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://forum.example/"), AllowAutoRedirect = false });

        using var response = await client.GetAsync("/api/v1/no-such-route");

        Assert.Equal(expected, response.Headers.TryGetValues("Strict-Transport-Security", out var values));
        if (expected)
        {
            Assert.Matches("^max-age=[1-9][0-9]{6,}", Assert.Single(values!));
        }
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }
}
