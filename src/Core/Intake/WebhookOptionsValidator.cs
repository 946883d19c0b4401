using Microsoft.Extensions.Options;

namespace Scaler.Core.Intake;

/// <summary>Scaler refuses to start without a webhook secret of at least <see cref="WebhookOptions.MinimumSecretLength"/> characters.</summary>
public sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.WebhookSecret))
        {
            return ValidateOptionsResult.Fail("GitHub__WebhookSecret is not set: set it to the secret of the GitHub webhook. Scaler refuses unsigned deliveries and will not start without it.");
        }

        return options.WebhookSecret.Length < WebhookOptions.MinimumSecretLength
            ? ValidateOptionsResult.Fail($"GitHub__WebhookSecret is shorter than {WebhookOptions.MinimumSecretLength} characters: use a long random value (for example 32 random bytes, base64) in the webhook and here.")
            : ValidateOptionsResult.Success;
    }
}
