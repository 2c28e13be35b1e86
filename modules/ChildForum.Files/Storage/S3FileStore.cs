using System.Net;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace ChildForum.Files.Storage;

/// <summary>Files in an S3-compatible bucket under <c>files/ab/cd/{sha256}</c>, shared by every web node. An object is
/// written in one PUT from the staged file, so it exists whole or not at all. The bucket is created on first use when
/// missing. An object's <c>LastModified</c> is when it was stored or last stored again (a copy onto itself).</summary>
public sealed class S3FileStore(IAmazonS3 client, string bucket, string stagingFolder) : IFileStore, IDisposable
{
    private readonly SemaphoreSlim _bucketLock = new(1, 1);
    private bool _bucketReady;

    public string StagingFolder { get; } = stagingFolder;

    /// <summary>The client and bucket, for the health check.</summary>
    internal IAmazonS3 Client => client;
    internal string Bucket => bucket;

    public static S3FileStore Create(S3Options options, string stagingFolder)
    {
        var config = new AmazonS3Config
        {
            ServiceURL = options.ServiceUrl,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            // Checksums only where S3 requires them: S3-compatible servers do not all understand the newer trailers.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        var client = new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
        return new S3FileStore(client, options.Bucket!, stagingFolder);
    }

    public async Task PutAsync(StagedFile file, CancellationToken cancellationToken)
    {
        await EnsureBucketAsync(cancellationToken);
        var key = Key(file.Sha256);
        if (await ExistsAsync(key, cancellationToken) && await TryRefreshAsync(key, cancellationToken))
        {
            return;
        }
        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            FilePath = file.Path,
            ContentType = "application/octet-stream",
            // One signed body rather than aws-chunked streaming signatures, which S3-compatible servers do not all read.
            UseChunkEncoding = false,
        }, cancellationToken);
    }

    public async Task<Stream> OpenReadAsync(string sha256, CancellationToken cancellationToken)
    {
        var response = await client.GetObjectAsync(bucket, Key(sha256), cancellationToken);
        return response.ResponseStream;
    }

    public async IAsyncEnumerable<StoredFile> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pages = client.Paginators.ListObjectsV2(new ListObjectsV2Request { BucketName = bucket, Prefix = Prefix });
        await using var objects = pages.S3Objects.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await objects.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchBucket")
            {
                // Nothing was ever uploaded: the bucket is made on the first upload.
                yield break;
            }
            var item = objects.Current;
            var sha256 = item.Key[(item.Key.LastIndexOf('/') + 1)..];
            // Only objects at their own address: not anything else an operator keeps in the bucket.
            if (ContentAddress.IsHash(sha256) && item.Key == Key(sha256) && item.LastModified is { } modified)
            {
                yield return new StoredFile(sha256, new DateTimeOffset(modified.ToUniversalTime()), item.Size ?? 0);
            }
        }
    }

    public async Task<StoredFile?> FindAsync(string sha256, CancellationToken cancellationToken)
    {
        try
        {
            var metadata = await client.GetObjectMetadataAsync(bucket, Key(sha256), cancellationToken);
            var modified = metadata.LastModified ?? throw new InvalidOperationException("The S3 server gave no Last-Modified time for a stored file.");
            return new StoredFile(sha256, new DateTimeOffset(modified.ToUniversalTime()), metadata.ContentLength);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>S3 answers a DELETE of a key that does not exist with success, so two nodes deleting the same file at
    /// once both succeed.</summary>
    public async Task DeleteAsync(string sha256, CancellationToken cancellationToken)
    {
        try
        {
            await client.DeleteObjectAsync(bucket, Key(sha256), cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchBucket")
        {
            // Never stored here: nothing to delete.
        }
    }

    public void Dispose()
    {
        client.Dispose();
        _bucketLock.Dispose();
    }

    private const string Prefix = "files/";

    private static string Key(string sha256) => Prefix + ContentAddress.RelativePath(sha256);

    /// <summary>Sets the object's time to now by copying it onto itself (on the server, no bytes through the site; S3
    /// allows a copy onto itself only when the metadata is replaced). False when it vanished meanwhile (collected by
    /// another node), so that the caller uploads it.</summary>
    private async Task<bool> TryRefreshAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await client.CopyObjectAsync(new CopyObjectRequest
            {
                SourceBucket = bucket,
                SourceKey = key,
                DestinationBucket = bucket,
                DestinationKey = key,
                MetadataDirective = S3MetadataDirective.REPLACE,
                ContentType = "application/octet-stream",
            }, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await client.GetObjectMetadataAsync(bucket, key, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private async Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        if (_bucketReady)
        {
            return;
        }
        await _bucketLock.WaitAsync(cancellationToken);
        try
        {
            if (!_bucketReady)
            {
                try
                {
                    await client.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, cancellationToken);
                }
                catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
                {
                    // Made by another node, or by the operator.
                }
                _bucketReady = true;
            }
        }
        finally
        {
            _bucketLock.Release();
        }
    }
}
