using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using ChildForum.Files.Archives;
using ChildForum.Files.Collection;
using ChildForum.Files.Models;
using ChildForum.Files.Storage;
using ChildForum.Files.Tests.Archives;
using ChildForum.Files.Tests.Infrastructure;
using ChildForum.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChildForum.Files.Tests.Collection;

/// <summary>Stored bytes that no document or archive uses any more are deleted after the grace period, on disk and in
/// S3: not before, not while another document uses them, not when they were stored again during the collection, and
/// two collections at once do no harm. The collector runs once per call, at a time the test sets.</summary>
public abstract class BlobCollectorTests(ForumAppFixture fixture) : ForumTest(fixture)
{
    /// <summary>More than the one-second resolution of S3's Last-Modified times.</summary>
    private static readonly TimeSpan TimeStep = TimeSpan.FromMilliseconds(1_100);

    private IFileStore Store => App.Services.GetRequiredService<IFileStore>();

    private TimeSpan GracePeriod => App.Services.GetRequiredService<IOptions<FilesOptions>>().Value.Collection.GracePeriod;

    [SkippableFact]
    public async Task A_deleted_document_s_bytes_are_collected_after_the_grace_period_and_not_before()
    {
        var group = await App.NewGroupAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var bytes = UniqueBytes();
        var document = await cso.UploadAsync(group.Id, "minutes.txt", bytes);
        using (var deleted = await cso.DeleteAsync($"/api/v1/documents/{document.Id}"))
        {
            await deleted.AssertStatusAsync(HttpStatusCode.NoContent);
        }
        var deletedAt = DateTimeOffset.UtcNow;

        await CollectorAt(deletedAt + GracePeriod - TimeSpan.FromMinutes(5)).CollectOnceAsync(CancellationToken.None);
        var before = await Store.FindAsync(Sha256(bytes), CancellationToken.None);
        var summary = await CollectorAt(deletedAt + GracePeriod + TimeSpan.FromMinutes(5)).CollectOnceAsync(CancellationToken.None);
        var after = await Store.FindAsync(Sha256(bytes), CancellationToken.None);

        Assert.Equal(bytes.Length, before?.Size);
        Assert.Null(after);
        Assert.True(summary.Deleted >= 1 && summary.BytesFreed >= bytes.Length && summary.LookedAt >= summary.Deleted, summary.ToString());
        using var content = await cso.GetAsync(document.Url);
        await content.AssertStatusAsync(HttpStatusCode.NotFound);
        Assert.True(await App.QueryDatabaseAsync(db => db.Set<Document>().Where(d => d.Id == document.Id).Select(d => d.Deleted).SingleAsync()));
    }

    [SkippableFact]
    public async Task Bytes_another_document_still_uses_are_kept()
    {
        var group = await App.NewGroupAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var bytes = UniqueBytes();
        var first = await cso.UploadAsync(group.Id, "first.txt", bytes);
        var second = await cso.UploadAsync(group.Id, "second.txt", bytes);
        using (var deleted = await cso.DeleteAsync($"/api/v1/documents/{first.Id}"))
        {
            await deleted.AssertStatusAsync(HttpStatusCode.NoContent);
        }

        await CollectorAt(DateTimeOffset.UtcNow + GracePeriod + TimeSpan.FromDays(1)).CollectOnceAsync(CancellationToken.None);

        Assert.NotNull(await Store.FindAsync(Sha256(bytes), CancellationToken.None));
        using var content = await cso.GetAsync(second.Url);
        await content.AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(bytes, await content.Content.ReadAsByteArrayAsync());
    }

    [SkippableFact]
    public async Task A_held_version_s_bytes_are_kept()
    {
        var group = await App.NewGroupAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var bytes = SampleFiles.Text($"Visit notes {Unique.Suffix()}, child ID {IdNumbers.Valid}");
        await cso.UploadAsync(group.Id, "visit.txt", bytes);

        await CollectorAt(DateTimeOffset.UtcNow + GracePeriod + TimeSpan.FromDays(1)).CollectOnceAsync(CancellationToken.None);

        var held = await App.QueryDatabaseAsync(db => db.Set<DocumentVersion>().Where(v => v.Sha256 == Sha256(bytes)).Select(v => v.Held).SingleAsync());
        Assert.True(held);
        Assert.NotNull(await Store.FindAsync(Sha256(bytes), CancellationToken.None));
    }

    [SkippableFact]
    public async Task A_done_archive_keeps_its_zip()
    {
        var group = await App.NewGroupAsync();
        using var facilitator = await App.ClientForAsync(DemoUsers.Facilitator);
        var requested = await facilitator.RequestArchiveAsync(group.Id);
        Assert.Equal("done", (await facilitator.WaitForArchiveAsync(requested.Id))[^1].Status);
        var sha256 = await App.QueryDatabaseAsync(db => db.Set<Archive>().Where(a => a.Id == requested.Id).Select(a => a.Sha256).SingleAsync());

        await CollectorAt(DateTimeOffset.UtcNow + GracePeriod + TimeSpan.FromDays(1)).CollectOnceAsync(CancellationToken.None);

        Assert.NotNull(await Store.FindAsync(sha256!, CancellationToken.None));
        var archive = await facilitator.DownloadArchiveAsync(requested.Id);
        Assert.Contains("manifest.json", archive.Entries.Keys);
    }

    [SkippableFact]
    public async Task Bytes_stored_again_while_a_collection_runs_are_kept()
    {
        var again = UniqueBytes();
        var unused = UniqueBytes();
        await PutAsync(Store, again);
        await PutAsync(Store, unused);
        await Task.Delay(TimeStep);
        var between = DateTimeOffset.UtcNow;
        await Task.Delay(TimeStep);
        // Both were stored before `between`; `again` is stored once more after the listing, before anything is deleted.
        var racing = new StoreAgainAfterListing(Store, again);

        var summary = await CollectorAt(between + GracePeriod, racing).CollectOnceAsync(CancellationToken.None);

        Assert.True(racing.StoredAgain);
        Assert.NotNull(await Store.FindAsync(Sha256(again), CancellationToken.None));
        Assert.Null(await Store.FindAsync(Sha256(unused), CancellationToken.None));
        Assert.True(summary.Deleted >= 1, summary.ToString());
    }

    [SkippableFact]
    public async Task Storing_bytes_again_refreshes_their_time()
    {
        var bytes = UniqueBytes();
        await PutAsync(Store, bytes);
        var first = await Store.FindAsync(Sha256(bytes), CancellationToken.None);
        await Task.Delay(TimeStep);

        await PutAsync(Store, bytes);
        var second = await Store.FindAsync(Sha256(bytes), CancellationToken.None);
        var listed = await ListedAsync(Sha256(bytes));

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.True(second.LastModified > first.LastModified, $"{first.LastModified:O} then {second.LastModified:O}");
        Assert.Equal(second, listed);
        await using var read = await Store.OpenReadAsync(Sha256(bytes), CancellationToken.None);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
    }

    [SkippableFact]
    public async Task Deleting_twice_does_no_harm_and_a_deleted_file_is_neither_found_nor_listed()
    {
        var bytes = UniqueBytes();
        await PutAsync(Store, bytes);

        await Store.DeleteAsync(Sha256(bytes), CancellationToken.None);
        await Store.DeleteAsync(Sha256(bytes), CancellationToken.None);

        Assert.Null(await Store.FindAsync(Sha256(bytes), CancellationToken.None));
        Assert.Null(await ListedAsync(Sha256(bytes)));
    }

    [SkippableFact]
    public async Task Two_collections_at_once_do_no_harm()
    {
        var group = await App.NewGroupAsync();
        using var cso = await App.ClientForAsync(DemoUsers.Cso);
        var kept = UniqueBytes();
        var document = await cso.UploadAsync(group.Id, "kept.txt", kept);
        var unused = new[] { UniqueBytes(), UniqueBytes(), UniqueBytes() };
        foreach (var bytes in unused)
        {
            await PutAsync(Store, bytes);
        }
        var at = DateTimeOffset.UtcNow + GracePeriod + TimeSpan.FromDays(1);

        var summaries = await Task.WhenAll(CollectorAt(at).CollectOnceAsync(CancellationToken.None), CollectorAt(at).CollectOnceAsync(CancellationToken.None));

        Assert.All(summaries, s => Assert.True(s.LookedAt >= 1, s.ToString()));
        foreach (var bytes in unused)
        {
            Assert.Null(await Store.FindAsync(Sha256(bytes), CancellationToken.None));
        }
        using var content = await cso.GetAsync(document.Url);
        await content.AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(kept, await content.Content.ReadAsByteArrayAsync());
    }

    private BlobCollector CollectorAt(DateTimeOffset now, IFileStore? store = null) => store is null
        ? ActivatorUtilities.CreateInstance<BlobCollector>(App.Services, new FakeTimeProvider(now))
        : ActivatorUtilities.CreateInstance<BlobCollector>(App.Services, new FakeTimeProvider(now), store);

    private async Task<StoredFile?> ListedAsync(string sha256)
    {
        await foreach (var file in Store.ListAsync(CancellationToken.None))
        {
            if (file.Sha256 == sha256)
            {
                return file;
            }
        }
        return null;
    }

    /// <summary>Plain text no other test stores.</summary>
    private static byte[] UniqueBytes() => SampleFiles.Text($"Notes {Unique.Suffix()}\n笔记\n");

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Stores bytes as an upload does, without any row referring to them.</summary>
    private static async Task PutAsync(IFileStore store, byte[] bytes)
    {
        using var source = new MemoryStream(bytes);
        await using var staged = await StagedFile.CopyAsync(source, store.StagingFolder, long.MaxValue, CancellationToken.None);
        await store.PutAsync(staged!, CancellationToken.None);
    }

    /// <summary>The site's store, which stores <paramref name="bytes"/> again once a listing is done: an upload of the
    /// same bytes between the collector's listing and its deletions.</summary>
    private sealed class StoreAgainAfterListing(IFileStore store, byte[] bytes) : IFileStore
    {
        public bool StoredAgain { get; private set; }

        public string StagingFolder => store.StagingFolder;

        public Task PutAsync(StagedFile file, CancellationToken cancellationToken) => store.PutAsync(file, cancellationToken);

        public Task<Stream> OpenReadAsync(string sha256, CancellationToken cancellationToken) => store.OpenReadAsync(sha256, cancellationToken);

        public async IAsyncEnumerable<StoredFile> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var file in store.ListAsync(cancellationToken))
            {
                yield return file;
            }
            await BlobCollectorTests.PutAsync(store, bytes);
            StoredAgain = true;
        }

        public Task<StoredFile?> FindAsync(string sha256, CancellationToken cancellationToken) => store.FindAsync(sha256, cancellationToken);

        public Task DeleteAsync(string sha256, CancellationToken cancellationToken) => store.DeleteAsync(sha256, cancellationToken);
    }
}

[Collection(SqliteAppFixture.Collection)]
public sealed class BlobCollectorTestsOnDisk(SqliteAppFixture fixture) : BlobCollectorTests(fixture);

[Collection(PostgresAppFixture.Collection)]
public sealed class BlobCollectorTestsOnPostgresAndDisk(PostgresAppFixture fixture) : BlobCollectorTests(fixture);

[Collection(SqliteS3Fixture.Collection)]
public sealed class BlobCollectorTestsOnS3(SqliteS3Fixture fixture) : BlobCollectorTests(fixture);

[Collection(PostgresS3Fixture.Collection)]
public sealed class BlobCollectorTestsOnPostgresAndS3(PostgresS3Fixture fixture) : BlobCollectorTests(fixture);
