using Microsoft.Extensions.Options;

namespace Scaler.Core.GitHub;

/// <summary>Checks the <c>GitHub</c> settings; names the setting and the fix in every message.</summary>
public sealed class GitHubOptionsValidator : IValidateOptions<GitHubOptions>
{
    public ValidateOptionsResult Validate(string? name, GitHubOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!options.ApiUrl.IsAbsoluteUri || options.ApiUrl.Scheme is not ("https" or "http"))
        {
            errors.Add("GitHub__ApiUrl must be an absolute http(s) URL such as https://api.github.com or https://HOST/api/v3.");
        }

        var hasKey = !string.IsNullOrWhiteSpace(options.AppPrivateKey);
        if (options.UsesApp && !hasKey)
        {
            errors.Add("GitHub__AppId is set but GitHub__AppPrivateKey is not: set the App's private key (PEM), or remove GitHub__AppId and use GitHub__Token.");
        }
        else if (!options.UsesApp && hasKey)
        {
            errors.Add("GitHub__AppPrivateKey is set but GitHub__AppId is not: set the App's id or client id.");
        }
        else if (!options.UsesApp && string.IsNullOrWhiteSpace(options.Token))
        {
            errors.Add("No GitHub credentials: set GitHub__AppId and GitHub__AppPrivateKey (a GitHub App), or GitHub__Token (a classic personal access token).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
