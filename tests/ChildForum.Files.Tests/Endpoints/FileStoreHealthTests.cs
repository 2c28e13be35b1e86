using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using ChildForum.Testing;

namespace ChildForum.Files.Tests.Endpoints;

/// <summary>/health with files in S3: the bucket is reported reachable when the S3 server answers (s3rver), and
/// unhealthy with a sentence when nothing listens at the address; a site keeping files on disk has no such check.</summary>
[Collection(SqliteS3Fixture.Collection)]
public sealed class FileStoreHealthTests(SqliteS3Fixture fixture) : ForumTest(fixture)
{
    [SkippableFact]
    public async Task The_bucket_is_reported_reachable()
    {
        var files = await FilesCheckAsync(App);

        var description = files.GetProperty("description").GetString();
        Assert.True(files.GetProperty("status").GetString() == "Healthy", description);
        Assert.Contains("S3", description, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_closed_port_is_reported_unhealthy_in_a_sentence_without_the_error()
    {
        await using var node = App.NewNode(realServer: false);
        foreach (var (key, value) in S3Settings.ForNewSite()!)
        {
            node.Settings[key] = value;
        }
        node.Settings["Files:S3:ServiceUrl"] = $"http://127.0.0.1:{ClosedPort()}";
        await node.StartAsync();

        using var client = node.CreateClient();
        client.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        using var response = await client.GetAsync("/health").WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var files = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").GetProperty("files");
        Assert.Equal("Unhealthy", files.GetProperty("status").GetString());
        var description = files.GetProperty("description").GetString()!;
        Assert.StartsWith("The S3 server", description, StringComparison.Ordinal);
        Assert.DoesNotContain("S3RVER", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> FilesCheckAsync(ForumAppFactory app)
    {
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        using var response = await client.GetAsync("/health");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("checks").TryGetProperty("files", out var files), body.ToString());
        return files;
    }

    /// <summary>A port nothing listens on: one the system gave out and took back.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>Files on disk: /health has no S3 check.</summary>
[Collection(SqliteAppFixture.Collection)]
public sealed class DiskFileStoreHealthTests(SqliteAppFixture fixture) : ForumTest(fixture)
{
    [Fact]
    public async Task A_site_keeping_files_on_disk_reports_no_bucket()
    {
        using var client = App.CreateClient();
        client.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        using var response = await client.GetAsync("/health");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("checks").TryGetProperty("database", out _), body.ToString());
        Assert.False(body.GetProperty("checks").TryGetProperty("files", out _), body.ToString());
    }
}
