using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace ChildForum.Files.Storage;

/// <summary>Files in an S3-compatible bucket under <c>files/ab/cd/{sha256}</c>, shared by every web node. An object is
/// written in one PUT from the staged file, so it exists whole or not at all. The bucket is created on first use when
/// missing.</summary>
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
        if (await ExistsAsync(key, cancellationToken))
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

    public void Dispose()
    {
        client.Dispose();
        _bucketLock.Dispose();
    }

    private static string Key(string sha256) => "files/" + ContentAddress.RelativePath(sha256);

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
