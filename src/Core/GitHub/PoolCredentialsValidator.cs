using Microsoft.Extensions.Options;
using Scaler.Core.Pools;

namespace Scaler.Core.GitHub;

/// <summary>
/// Checks that the GitHub credentials can manage every pool's runners: GitHub Apps cannot manage enterprise
/// runners, so an enterprise pool needs <c>GitHub__Token</c>. The pools' own settings are checked by
/// <see cref="PoolOptionsValidator"/>, the credentials' by <see cref="GitHubOptionsValidator"/>.
/// </summary>
public sealed class PoolCredentialsValidator(IOptions<GitHubOptions> github) : IValidateOptions<ScalerOptions>
{
    public ValidateOptionsResult Validate(string? name, ScalerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (GitHubSettingsOrNull() is not { } credentials || !string.IsNullOrWhiteSpace(credentials.Token))
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        for (var i = 0; i < options.Pools.Count; i++)
        {
            if (Enum.TryParse<RunnerScope>(options.Pools[i].Scope, ignoreCase: true, out var scope) && scope == RunnerScope.Enterprise)
            {
                errors.Add($"Scaler__Pools__{i}__Scope is enterprise, which GitHub Apps cannot manage: set GitHub__Token to a classic personal access token with manage_runners:enterprise.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The GitHub settings, or null when they are invalid themselves (reported by their own validator).</summary>
    private GitHubOptions? GitHubSettingsOrNull()
    {
        try
        {
            return github.Value;
        }
        catch (OptionsValidationException)
        {
            return null;
        }
    }
}
