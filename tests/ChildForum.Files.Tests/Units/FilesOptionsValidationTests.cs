namespace ChildForum.Files.Tests.Units;

/// <summary>A site whose files could not be stored does not start, and says which key to fix.</summary>
public sealed class FilesOptionsValidationTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(new FilesOptionsValidation().Validate(null, new FilesOptions()).Succeeded);
    }

    [Fact]
    public void S3_without_its_keys_names_each_missing_key()
    {
        var result = new FilesOptionsValidation().Validate(null, new FilesOptions { Storage = "s3" });

        Assert.Contains("Files:S3:ServiceUrl", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Files:S3:Bucket", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Files:S3:AccessKey", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp", 1000, "Files:Storage")]
    [InlineData("disk", 0, "Files:MaxBytes")]
    [InlineData("disk", 2L * 1024 * 1024 * 1024, "Files:MaxBytes")]
    public void A_value_the_site_cannot_use_is_named(string storage, long maxBytes, string key)
    {
        var result = new FilesOptionsValidation().Validate(null, new FilesOptions { Storage = storage, MaxBytes = maxBytes });

        Assert.Contains(key, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bucket_With_Capitals")]
    [InlineData("ab")]
    [InlineData("-leading-hyphen")]
    public void A_bucket_name_S3_would_refuse_is_named(string bucket)
    {
        var options = new FilesOptions { Storage = "s3", S3 = { ServiceUrl = "http://127.0.0.1:4568", Bucket = bucket, AccessKey = "k", SecretKey = "s" } };

        var result = new FilesOptionsValidation().Validate(null, options);

        Assert.Contains("Files:S3:Bucket", result.FailureMessage, StringComparison.Ordinal);
    }
}
