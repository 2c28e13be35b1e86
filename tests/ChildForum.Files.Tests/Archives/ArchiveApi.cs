using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChildForum.Files.Tests.Infrastructure;
using ChildForum.Testing;

namespace ChildForum.Files.Tests.Archives;

public sealed record ArchiveJson(Guid Id, string Status, int Progress);

public sealed record ManifestEntryJson(string Path, string Sha256, long Size);

public sealed record ManifestGroupJson(int Id, string Slug, string Name);

public sealed record ManifestJson(ManifestGroupJson Group, DateTimeOffset GeneratedAt, string Includes, Dictionary<string, int> Counts, List<ManifestEntryJson> Entries);

/// <summary>An archive opened: its entries' bytes by path, and the manifest.</summary>
public sealed class OpenedArchive
{
    public required Dictionary<string, byte[]> Entries { get; init; }
    public required ManifestJson Manifest { get; init; }

    public string Text(string path) => Encoding.UTF8.GetString(Entries[path]);

    public IEnumerable<string> Paths(string prefix) => Entries.Keys.Where(p => p.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal);

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}

/// <summary>Asking for an archive, waiting for it and opening it, for arranging and reading a test.</summary>
public static class ArchiveApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<ArchiveJson> RequestArchiveAsync(this HttpClient client, int groupId)
    {
        using var response = await client.PostAsync($"/api/v1/groups/{groupId}/archive", null).WaitAsync(DocumentApi.Patience);
        return await response.ReadJsonAsync<ArchiveJson>(HttpStatusCode.Accepted);
    }

    /// <summary>Polls until the archive is done or failed; returns every progress seen, the last one the final state.</summary>
    public static async Task<List<ArchiveJson>> WaitForArchiveAsync(this HttpClient client, Guid id)
    {
        var seen = new List<ArchiveJson>();
        var until = DateTime.UtcNow + DocumentApi.Patience;
        while (DateTime.UtcNow < until)
        {
            using var response = await client.GetAsync($"/api/v1/archives/{id}").WaitAsync(DocumentApi.Patience);
            var archive = await response.ReadJsonAsync<ArchiveJson>();
            seen.Add(archive);
            if (archive.Status is "done" or "failed")
            {
                return seen;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Archive {id} was not built within {DocumentApi.Patience}: {string.Join(", ", seen.Select(s => s.Status + " " + s.Progress.ToString(CultureInfo.InvariantCulture)))}");
    }

    public static async Task<OpenedArchive> DownloadArchiveAsync(this HttpClient client, Guid id)
    {
        using var response = await client.GetAsync($"/api/v1/archives/{id}/content").WaitAsync(DocumentApi.Patience);
        await response.AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            entries.Add(entry.FullName, copy.ToArray());
        }
        var manifest = JsonSerializer.Deserialize<ManifestJson>(entries["manifest.json"], Json)!;
        return new OpenedArchive { Entries = entries, Manifest = manifest };
    }

    public static async Task<long> PostMessageAsync(this HttpClient client, int threadId, string body)
    {
        using var response = await client.PostAsJsonAsync($"/api/v1/threads/{threadId}/messages", new { body, clientMessageId = Guid.NewGuid().ToString("N") }).WaitAsync(DocumentApi.Patience);
        return (await response.ReadJsonAsync<LongIdJson>(HttpStatusCode.Created)).Id;
    }

    public static async Task<int> CreateAsync(this HttpClient client, string url, object body)
    {
        using var response = await client.PostAsJsonAsync(url, body).WaitAsync(DocumentApi.Patience);
        return (await response.ReadJsonAsync<IdJson>(HttpStatusCode.Created)).Id;
    }

    public static async Task SendOkAsync(this HttpClient client, HttpMethod method, string url, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(request).WaitAsync(DocumentApi.Patience);
        Assert.True(response.IsSuccessStatusCode, $"{method} {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private sealed record IdJson(int Id);
    private sealed record LongIdJson(long Id);
}
