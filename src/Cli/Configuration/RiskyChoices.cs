using Microsoft.Extensions.Configuration;
using Scaler.Core.Pools;

namespace Scaler.Cli.Configuration;

/// <summary>Settings that are valid but risky: the app starts with them, an operator should know what they mean.</summary>
internal static class RiskyChoices
{
    public static IReadOnlyList<string> Find(IConfiguration configuration, ScalerOptions options)
    {
        var warnings = new List<string>();
        for (var i = 0; i < options.Pools.Count; i++)
        {
            var pool = options.Pools[i];
            var key = $"Scaler__Pools__{i}__";
            if (pool.AllowedRepositories.Count == 0 && pool.RunnerScope != RunnerScope.Repo)
            {
                var whose = pool.RunnerScope == RunnerScope.Org ? $"organization {pool.Owner}" : $"every organization of enterprise {pool.Owner}";
                warnings.Add($"{key}AllowedRepositories is empty: pool '{pool.Name}' takes jobs from every repository of {whose}. If any of them is public, "
                    + $"a pull request from a fork could run code on its VMs. List the repositories that may use it ({key}AllowedRepositories__0=owner/repo or owner/*).");
            }

            if (pool.AllowPublicRepositories)
            {
                warnings.Add($"{key}AllowPublicRepositories is true: pool '{pool.Name}' takes jobs of public repositories, and a pull request from a fork "
                    + "of one can run code on its VMs (GitHub advises against self-hosted runners for public repositories). Leave it false unless the "
                    + "runner group only serves repositories whose pull requests you trust, and require approval for fork pull request workflows.");
            }

            if (configuration[$"{ScalerOptions.Section}:Pools:{i}:MaxRunners"] is null)
            {
                warnings.Add($"{key}MaxRunners is not set: pool '{pool.Name}' may run up to {PoolOptions.DefaultMaxRunners} VMs at once by default. "
                    + $"Set {key}MaxRunners to the most VMs you are willing to pay for.");
            }
        }

        return warnings;
    }
}
