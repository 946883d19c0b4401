using Microsoft.Extensions.Options;

namespace Scaler.Core.RunnerUpdates;

/// <summary>Checks the <c>Scaler__RunnerUpdates__*</c> settings on start; names the setting and the fix in every message.</summary>
public sealed class RunnerUpdateOptionsValidator : IValidateOptions<RunnerUpdateOptions>
{
    private const string Prefix = "Scaler__RunnerUpdates__";

    public ValidateOptionsResult Validate(string? name, RunnerUpdateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Soak < TimeSpan.Zero)
        {
            errors.Add($"{Prefix}Soak {options.Soak} is negative: use 00:00:00 to install each release at once, or how long a release must be out first, such as 3.00:00:00.");
        }

        if (options.Margin < TimeSpan.Zero)
        {
            errors.Add($"{Prefix}Margin {options.Margin} is negative: use how long before GitHub's 30-day deadline new VMs must move to the newest release, such as 7.00:00:00.");
        }

        if (options.Soak >= TimeSpan.Zero && options.Margin >= TimeSpan.Zero && options.Soak + options.Margin >= RunnerReleasePolicy.Window)
        {
            errors.Add($"{Prefix}Soak {options.Soak} plus {Prefix}Margin {options.Margin} is 30 days or more: GitHub stops sending jobs to a runner 30 days after a newer release, so keep the two together under 30.00:00:00 (for example Soak 7.00:00:00 and Margin 7.00:00:00).");
        }

        if (options.CacheFor <= TimeSpan.Zero || options.CacheFor > TimeSpan.FromHours(1))
        {
            errors.Add($"{Prefix}CacheFor {options.CacheFor} is not between zero and one hour: use a positive duration up to 01:00:00, such as 00:15:00.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
