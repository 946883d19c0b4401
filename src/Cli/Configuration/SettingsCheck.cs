using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Scaler.Core;
using Scaler.Core.Compute;
using Scaler.Core.GitHub;
using Scaler.Core.Intake;
using Scaler.Core.Pools;
using Scaler.Core.Runners;
using Scaler.Core.RunnerUpdates;
using Scaler.Core.Storage;

namespace Scaler.Cli.Configuration;

/// <summary>What <c>scaler config check</c> found: errors stop the app at start, warnings are risky choices.</summary>
public sealed record SettingsReport(IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings);

/// <summary>
/// Checks settings with the same registrations and validators the app runs at start, then looks for choices that
/// are valid but risky.
/// </summary>
public static class SettingsCheck
{
    public static SettingsReport Run(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var services = new ServiceCollection();
        services.AddScalerIntake(configuration);
        services.AddGitHubRunners(configuration);
        services.AddRunnerVms(configuration);
        services.AddOptions<ProvisioningOptions>().Bind(configuration.GetSection(ProvisioningOptions.Section));
        services.AddOptions<RunnerUpdateOptions>().Bind(configuration.GetSection(RunnerUpdateOptions.Section));
        services.AddSingleton<IValidateOptions<RunnerUpdateOptions>, RunnerUpdateOptionsValidator>();
        using var provider = services.BuildServiceProvider();

        var errors = new List<string>();
        CheckStorage(configuration, errors);
        CheckPoolsRead(configuration, errors);
        Validate<WebhookOptions>(provider, WebhookOptions.Section, errors);
        Validate<GitHubOptions>(provider, GitHubOptions.Section, errors);
        Validate<GitHubClientOptions>(provider, GitHubOptions.Section, errors);
        Validate<AzureOptions>(provider, AzureOptions.Section, errors);
        Validate<ProvisioningOptions>(provider, ProvisioningOptions.Section.Replace(":", "__", StringComparison.Ordinal), errors);
        Validate<RunnerUpdateOptions>(provider, RunnerUpdateOptions.Section.Replace(":", "__", StringComparison.Ordinal), errors);
        Validate<IntakeOptions>(provider, IntakeOptions.Section.Replace(":", "__", StringComparison.Ordinal), errors);
        var scaler = Validate<ScalerOptions>(provider, ScalerOptions.Section, errors);
        return new SettingsReport(errors, scaler is null ? [] : RiskyChoices.Find(configuration, scaler));
    }

    private static void CheckStorage(IConfiguration configuration, List<string> errors)
    {
        try
        {
            _ = new StorageAccount(configuration);
        }
        catch (InvalidOperationException ex)
        {
            errors.Add(ex.Message);
        }
    }

    /// <summary>
    /// The binder drops a pool whose value it cannot convert (MaxRunners=ten) from the list without a word; reading
    /// each pool on its own finds it.
    /// </summary>
    private static void CheckPoolsRead(IConfiguration configuration, List<string> errors)
    {
        foreach (var pool in configuration.GetSection($"{ScalerOptions.Section}:Pools").GetChildren())
        {
            try
            {
                _ = pool.Get<PoolOptions>();
            }
            catch (InvalidOperationException ex)
            {
                errors.Add($"{AppSetting(ex.Message)} Use numbers for counts, true or false for switches and hh:mm:ss for durations.");
            }
        }
    }

    /// <summary>Configuration's <c>Scaler:Pools:0:MaxRunners</c> as the app setting <c>Scaler__Pools__0__MaxRunners</c>.</summary>
    private static string AppSetting(string message) => message.Replace(ConfigurationPath.KeyDelimiter, "__", StringComparison.Ordinal);

    /// <summary>The bound and validated options, or null after adding their problems to <paramref name="errors"/>.</summary>
    private static T? Validate<T>(IServiceProvider provider, string section, List<string> errors)
        where T : class
    {
        try
        {
            return provider.GetRequiredService<IOptions<T>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            errors.AddRange(ex.Failures);
        }
        catch (InvalidOperationException ex)
        {
            // The binder could not convert a value, such as MaxRunners=ten or IdleTimeout=5m.
            errors.Add($"A {section}__* setting cannot be read: {AppSetting(ex.Message)} Use numbers for counts, true or false for switches and hh:mm:ss for durations.");
        }

        return null;
    }
}
