using Microsoft.Extensions.Options;

namespace Scaler.Core.Compute;

/// <summary>Checks the <c>Azure__*</c> settings on start.</summary>
public sealed class AzureOptionsValidator : IValidateOptions<AzureOptions>
{
    public ValidateOptionsResult Validate(string? name, AzureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var endpoint = options.ManagementEndpoint;
        if (endpoint is null || !endpoint.IsAbsoluteUri || endpoint.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add($"Azure__ManagementEndpoint '{endpoint}' is not an https URL: use https://management.azure.com, a sovereign cloud's endpoint or an emulator's https address (the Azure SDK sends tokens over https only).");
        }

        if (!string.IsNullOrWhiteSpace(options.ClientId) && !Guid.TryParse(options.ClientId, out _))
        {
            errors.Add($"Azure__ClientId '{options.ClientId}' is not a GUID: use the client id of the user-assigned managed identity, or leave it empty for DefaultAzureCredential.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
