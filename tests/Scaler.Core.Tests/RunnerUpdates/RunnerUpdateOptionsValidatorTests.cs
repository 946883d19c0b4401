using Scaler.Core.RunnerUpdates;

namespace Scaler.Core.Tests.RunnerUpdates;

public class RunnerUpdateOptionsValidatorTests
{
    private readonly RunnerUpdateOptionsValidator validator = new();

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        var defaults = new RunnerUpdateOptions();

        Assert.True(validator.Validate(null, defaults).Succeeded);
        Assert.Equal((TimeSpan.Zero, TimeSpan.FromDays(7), TimeSpan.FromMinutes(15)), (defaults.Soak, defaults.Margin, defaults.CacheFor));
    }

    [Theory]
    [InlineData("-00:00:01", "7.00:00:00", "00:15:00", "Scaler__RunnerUpdates__Soak -00:00:01 is negative")]
    [InlineData("00:00:00", "-1.00:00:00", "00:15:00", "Scaler__RunnerUpdates__Margin -1.00:00:00 is negative")]
    [InlineData("23.00:00:00", "7.00:00:00", "00:15:00", "is 30 days or more")]
    [InlineData("00:00:00", "00:00:00", "00:00:00", "Scaler__RunnerUpdates__CacheFor 00:00:00 is not between zero and one hour")]
    [InlineData("00:00:00", "00:00:00", "01:00:01", "Scaler__RunnerUpdates__CacheFor 01:00:01 is not between zero and one hour")]
    public void Validate_BadValue_NamesTheSetting(string soak, string margin, string cacheFor, string expected)
    {
        var options = new RunnerUpdateOptions { Soak = TimeSpan.Parse(soak, System.Globalization.CultureInfo.InvariantCulture), Margin = TimeSpan.Parse(margin, System.Globalization.CultureInfo.InvariantCulture), CacheFor = TimeSpan.Parse(cacheFor, System.Globalization.CultureInfo.InvariantCulture) };

        var result = validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("22.23:59:59", "7.00:00:00", "01:00:00")]
    [InlineData("3.00:00:00", "00:00:00", "00:00:02")]
    public void Validate_EdgesInsideTheRules_Succeed(string soak, string margin, string cacheFor)
    {
        var options = new RunnerUpdateOptions { Soak = TimeSpan.Parse(soak, System.Globalization.CultureInfo.InvariantCulture), Margin = TimeSpan.Parse(margin, System.Globalization.CultureInfo.InvariantCulture), CacheFor = TimeSpan.Parse(cacheFor, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.True(validator.Validate(null, options).Succeeded);
    }
}
