using Scaler.Core.Intake;

namespace Scaler.Core.Tests.Intake;

/// <summary>
/// The <c>Scaler__Intake__*</c> settings: every bound is accepted at its limit and refused one step past it, and each
/// refusal names the setting, so an operator knows which value to change.
/// </summary>
public class IntakeOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        var options = new IntakeOptions();

        var result = new IntakeOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded);
        Assert.Equal(64L * 1024 * 1024, options.UnauthenticatedBodyBytes);
        Assert.Equal(TimeSpan.FromSeconds(10), options.BodyTimeout);
        Assert.Equal(16 * 1024, options.MinBodyDataRate);
    }

    [Theory]
    [InlineData("UnauthenticatedBodyBytes", "1048576")]
    [InlineData("BodyTimeout", "00:00:00.0000001")]
    [InlineData("BodyTimeout", "00:05:00")]
    [InlineData("MinBodyDataRate", "0")]
    [InlineData("MinBodyDataRate", "1048576")]
    public void Validate_ValueAtItsLimit_Succeeds(string setting, string value)
    {
        var result = new IntakeOptionsValidator().Validate(null, With(setting, value));

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("UnauthenticatedBodyBytes", "1048575")]
    [InlineData("BodyTimeout", "00:00:00")]
    [InlineData("BodyTimeout", "-00:00:01")]
    [InlineData("BodyTimeout", "00:05:00.0000001")]
    [InlineData("MinBodyDataRate", "-1")]
    [InlineData("MinBodyDataRate", "1048577")]
    public void Validate_ValueOneStepPastItsLimit_FailsNamingTheSetting(string setting, string value)
    {
        var result = new IntakeOptionsValidator().Validate(null, With(setting, value));

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith($"Scaler__Intake__{setting} ", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EverySettingWrong_NamesEachOnce()
    {
        var options = new IntakeOptions { UnauthenticatedBodyBytes = 0, BodyTimeout = TimeSpan.Zero, MinBodyDataRate = -1 };

        var result = new IntakeOptionsValidator().Validate(null, options);

        Assert.Collection(
            result.Failures!,
            f => Assert.StartsWith("Scaler__Intake__UnauthenticatedBodyBytes ", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Scaler__Intake__BodyTimeout ", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Scaler__Intake__MinBodyDataRate ", f, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NullOptions_ThrowsNamingTheArgument()
    {
        var error = Assert.Throws<ArgumentNullException>(() => new IntakeOptionsValidator().Validate(null, null!));

        Assert.Equal("options", error.ParamName);
    }

    private static IntakeOptions With(string setting, string value)
    {
        var options = new IntakeOptions();
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        switch (setting)
        {
            case "UnauthenticatedBodyBytes":
                options.UnauthenticatedBodyBytes = long.Parse(value, invariant);
                break;
            case "BodyTimeout":
                options.BodyTimeout = TimeSpan.Parse(value, invariant);
                break;
            default:
                options.MinBodyDataRate = int.Parse(value, invariant);
                break;
        }

        return options;
    }
}
