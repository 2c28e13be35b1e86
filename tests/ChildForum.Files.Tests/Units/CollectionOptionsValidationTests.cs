namespace ChildForum.Files.Tests.Units;

/// <summary>A collection interval or grace period the site cannot use stops it, with a sentence naming the key.</summary>
public sealed class CollectionOptionsValidationTests
{
    [Fact]
    public void The_defaults_are_six_hours_and_one_day_and_valid()
    {
        var options = new FilesOptions();

        Assert.Equal((TimeSpan.FromHours(6), TimeSpan.FromDays(1)), (options.Collection.Interval, options.Collection.GracePeriod));
        Assert.True(new FilesOptionsValidation().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("00:00:00", "1.00:00:00", "Files:Collection:Interval")]
    [InlineData("-01:00:00", "1.00:00:00", "Files:Collection:Interval")]
    [InlineData("00:00:30", "1.00:00:00", "Files:Collection:Interval")]
    [InlineData("31.00:00:00", "1.00:00:00", "Files:Collection:Interval")]
    [InlineData("06:00:00", "00:00:00", "Files:Collection:GracePeriod")]
    [InlineData("06:00:00", "-1.00:00:00", "Files:Collection:GracePeriod")]
    [InlineData("06:00:00", "00:59:59", "Files:Collection:GracePeriod")]
    [InlineData("06:00:00", "366.00:00:00", "Files:Collection:GracePeriod")]
    public void A_value_the_collector_cannot_use_is_named(string interval, string gracePeriod, string key)
    {
        var options = new FilesOptions { Collection = { Interval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture), GracePeriod = TimeSpan.Parse(gracePeriod, System.Globalization.CultureInfo.InvariantCulture) } };

        var result = new FilesOptionsValidation().Validate(null, options);

        Assert.False(result.Succeeded);
        Assert.Contains(key, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:01:00", "01:00:00")]
    [InlineData("30.00:00:00", "365.00:00:00")]
    public void The_limits_themselves_are_accepted(string interval, string gracePeriod)
    {
        var options = new FilesOptions { Collection = { Interval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture), GracePeriod = TimeSpan.Parse(gracePeriod, System.Globalization.CultureInfo.InvariantCulture) } };

        Assert.True(new FilesOptionsValidation().Validate(null, options).Succeeded);
    }
}
