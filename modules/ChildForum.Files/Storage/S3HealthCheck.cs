using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace ChildForum.Files.Storage;

/// <summary>/health when files are kept in S3: the bucket answers a HEAD request within <see cref="Timeout"/>, or a
/// sentence says what failed (no answer, refused credentials, an error status) without the exception's message, which
/// may carry addresses or keys; that goes to the log. A bucket not made yet is healthy: the store makes it on the first
/// upload. HEAD rather than a one-key listing: s3rver on Node 20 answers any listing that would be cut short with 500
/// (its continuation tokens use DES, which OpenSSL 3 no longer offers).</summary>
public sealed class S3HealthCheck(IFileStore store, ILogger<S3HealthCheck> logger) : IHealthCheck
{
    private readonly S3FileStore _store = store as S3FileStore ?? throw new InvalidOperationException("The S3 health check is registered only when files are kept in S3.");

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var bucket = _store.Bucket;
        var data = new Dictionary<string, object> { ["bucket"] = bucket };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await _store.Client.HeadBucketAsync(new HeadBucketRequest { BucketName = bucket }, timeout.Token);
            return HealthCheckResult.Healthy($"The S3 bucket “{bucket}” answers.", data);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound || e.ErrorCode == "NoSuchBucket")
        {
            return HealthCheckResult.Healthy($"The S3 server answers; the bucket “{bucket}” is made on the first upload.", data);
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            logger.LogWarning("The S3 bucket {Bucket} refused the site's credentials: {Error}", bucket, e.ErrorCode);
            return HealthCheckResult.Unhealthy($"The S3 bucket “{bucket}” refuses the site's credentials ({(int)e.StatusCode}).", data: data);
        }
        catch (AmazonS3Exception e)
        {
            logger.LogWarning("The S3 bucket {Bucket} answered with an error: {Status} {Error}", bucket, (int)e.StatusCode, e.ErrorCode);
            return HealthCheckResult.Unhealthy($"The S3 bucket “{bucket}” answers with an error ({(int)e.StatusCode} {e.ErrorCode}).", data: data);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The S3 server did not answer within {Timeout.TotalSeconds:0} seconds.", data: data);
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException or AmazonServiceException)
        {
            logger.LogWarning("The S3 server cannot be reached: {Error} ({Exception})", e.Message, e.GetType().Name);
            return HealthCheckResult.Unhealthy("The S3 server cannot be reached: no connection.", data: data);
        }
    }
}
