using Scaler.Core.Intake;

namespace Scaler.Core.Tests.Intake;

/// <summary>Scaler does not start without a webhook secret of at least 16 characters, and says which setting is wrong.</summary>
public class WebhookOptionsValidatorTests
{
    [Fact]
    public void Validate_SecretNeverSet_FailsSayingItIsNotSet()
    {
        var result = new WebhookOptionsValidator().Validate(null, new WebhookOptions());

        Assert.True(result.Failed);
        Assert.StartsWith("GitHub__WebhookSecret is not set", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SecretOneShortOfTheMinimum_FailsNamingTheLength()
    {
        var options = new WebhookOptions { WebhookSecret = new string('s', WebhookOptions.MinimumSecretLength - 1) };

        var result = new WebhookOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.StartsWith("GitHub__WebhookSecret is shorter than 16 characters", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SecretOfTheMinimumLength_Succeeds()
    {
        var options = new WebhookOptions { WebhookSecret = new string('s', WebhookOptions.MinimumSecretLength) };

        Assert.True(new WebhookOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_NullOptions_ThrowsNamingTheArgument()
    {
        var error = Assert.Throws<ArgumentNullException>(() => new WebhookOptionsValidator().Validate(null, null!));

        Assert.Equal("options", error.ParamName);
    }
}
