using System.Text;
using System.Text.RegularExpressions;
using Azure.Core;
using Microsoft.Extensions.Options;

namespace Scaler.Core.Pools;

/// <summary>
/// Checks the <c>Scaler__Pools__N__*</c> settings on start. Every message names the setting as an app
/// setting and says what would be right.
/// </summary>
public sealed partial class PoolOptionsValidator : IValidateOptions<ScalerOptions>
{
    public const int MaxNameLength = 24;
    public const int MaxLabelLength = 100;
    public const int MaxSetupScriptBytes = 16 * 1024;

    public ValidateOptionsResult Validate(string? name, ScalerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Pools.Count == 0)
        {
            errors.Add("Scaler__Pools is empty: configure at least one pool (Scaler__Pools__0__Name, __Labels__0, __Scope, __Owner, __ScaleSetId, __VmSizes__0).");
        }

        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Pools.Count; i++)
        {
            var pool = options.Pools[i];
            var key = $"Scaler__Pools__{i}__";
            if (!string.IsNullOrEmpty(pool.Name) && !seen.TryAdd(pool.Name, i))
            {
                errors.Add($"{key}Name '{pool.Name}' is already the name of Scaler__Pools__{seen[pool.Name]}: give every pool its own name.");
            }

            ValidatePool(pool, key, errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidatePool(PoolOptions pool, string key, List<string> errors)
    {
        if (!PoolName().IsMatch(pool.Name))
        {
            errors.Add($"{key}Name '{pool.Name}' is not a valid pool name: use 1-{MaxNameLength} lower-case letters, digits and inner hyphens, such as linux-x64 (it becomes part of VM names).");
        }

        ValidateLabels(pool, key, errors);
        var scopeValid = Enum.TryParse<RunnerScope>(pool.Scope, ignoreCase: true, out var scope) && Enum.IsDefined(scope);
        if (!scopeValid)
        {
            errors.Add($"{key}Scope '{pool.Scope}' is unknown: use repo, org or enterprise.");
        }
        else
        {
            ValidateOwner(pool, scope, key, errors);
        }

        if (pool.RunnerGroupId < 1)
        {
            errors.Add($"{key}RunnerGroupId {pool.RunnerGroupId} is not a runner group id: use 1 (the Default group) or the id of a runner group.");
        }

        ValidateScaleSet(pool.ScaleSetId, key, errors);
        ValidateSubnet(pool.SubnetId, key, errors);
        ValidateCompute(pool, key, errors);
        ValidateCounts(pool, key, errors);
        ValidateAllowedRepositories(pool, scopeValid ? scope : null, key, errors);
        ValidateWarmSchedules(pool, key, errors);
        ValidateStandby(pool, key, errors);
    }

    private static void ValidateLabels(PoolOptions pool, string key, List<string> errors)
    {
        if (pool.Labels.Count == 0)
        {
            errors.Add($"{key}Labels is empty: list the runner's labels, such as {key}Labels__0=linux and {key}Labels__1=x64.");
        }

        for (var j = 0; j < pool.Labels.Count; j++)
        {
            if (!RunnerLabel().IsMatch(pool.Labels[j]))
            {
                errors.Add($"{key}Labels__{j} '{pool.Labels[j]}' is not a valid runner label: use 1-{MaxLabelLength} characters without spaces, commas or control characters.");
            }
        }
    }

    private static void ValidateOwner(PoolOptions pool, RunnerScope scope, string key, List<string> errors)
    {
        var (valid, example) = scope switch
        {
            RunnerScope.Repo => (RepositoryName().IsMatch(pool.Owner), "owner/repo"),
            RunnerScope.Org => (AccountName().IsMatch(pool.Owner), "the organization's login, such as contoso"),
            _ => (AccountName().IsMatch(pool.Owner), "the enterprise's slug, such as contoso-corp"),
        };
        if (!valid)
        {
            errors.Add($"{key}Owner '{pool.Owner}' does not fit Scope {scope}: use {example}.");
        }
    }

    private static void ValidateScaleSet(string scaleSetId, string key, List<string> errors)
    {
        const string expected = "/subscriptions/<subscription guid>/resourceGroups/<group>/providers/Microsoft.Compute/virtualMachineScaleSets/<name>";
        if (!ResourceIdentifier.TryParse(scaleSetId, out var id) || id is null
            || !string.Equals(id.ResourceType.ToString(), "Microsoft.Compute/virtualMachineScaleSets", StringComparison.OrdinalIgnoreCase)
            || !Guid.TryParse(id.SubscriptionId, out _)
            || string.IsNullOrEmpty(id.ResourceGroupName))
        {
            errors.Add($"{key}ScaleSetId '{scaleSetId}' is not the resource id of a scale set: use {expected}.");
        }
    }

    private static void ValidateSubnet(string subnetId, string key, List<string> errors)
    {
        if (!ResourceIdentifier.TryParse(subnetId, out var id) || id is null
            || !string.Equals(id.ResourceType.ToString(), "Microsoft.Network/virtualNetworks/subnets", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{key}SubnetId '{subnetId}' is not the resource id of a subnet: use /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>.");
        }
    }

    private static void ValidateCompute(PoolOptions pool, string key, List<string> errors)
    {
        if (pool.VmSizes.Count == 0)
        {
            errors.Add($"{key}VmSizes is empty: list VM sizes in order of preference, such as {key}VmSizes__0=Standard_D2ads_v5.");
        }

        for (var j = 0; j < pool.VmSizes.Count; j++)
        {
            if (!VmSize().IsMatch(pool.VmSizes[j]))
            {
                errors.Add($"{key}VmSizes__{j} '{pool.VmSizes[j]}' is not a VM size name: use names such as Standard_D4ads_v5.");
            }
        }

        if (pool.OsDiskSizeGb is < 30 or > 4095)
        {
            errors.Add($"{key}OsDiskSizeGb {pool.OsDiskSizeGb} is out of range: use 30-4095 GiB.");
        }

        if (pool.SshPublicKey.Length > 0 && !pool.SshPublicKey.StartsWith("ssh-", StringComparison.Ordinal) && !pool.SshPublicKey.StartsWith("ecdsa-", StringComparison.Ordinal))
        {
            errors.Add($"{key}SshPublicKey is not an OpenSSH public key: use the one line of a .pub file (ssh-ed25519 AAAA... or ssh-rsa AAAA...), or leave it empty.");
        }

        for (var j = 0; j < (pool.Packages?.Count ?? 0); j++)
        {
            if (pool.Packages![j] is { Length: > 0 } package && package != "none" && !PackageName().IsMatch(package))
            {
                errors.Add($"{key}Packages__{j} '{package}' is not a Debian package name: use names such as git or docker.io, or none for no packages.");
            }
        }

        // Counted in UTF-8 bytes, as the VM's custom data is: 16 KB of three-byte characters would be 48 KB.
        if (Encoding.UTF8.GetByteCount(pool.SetupScript) is var scriptBytes && scriptBytes > MaxSetupScriptBytes)
        {
            errors.Add($"{key}SetupScript is {scriptBytes} bytes in UTF-8: at most {MaxSetupScriptBytes} fit in a VM's custom data; bake larger setups into the image.");
        }

        var isUrn = pool.Image.Split(':') is { Length: 4 } parts && parts.All(p => p.Length > 0);
        var isResourceId = pool.Image.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase)
            && ResourceIdentifier.TryParse(pool.Image, out _);
        if (!isUrn && !isResourceId)
        {
            errors.Add($"{key}Image '{pool.Image}' is neither publisher:offer:sku:version nor an image resource id: use, for example, Canonical:ubuntu-24_04-lts:server:latest.");
        }
    }

    private static void ValidateCounts(PoolOptions pool, string key, List<string> errors)
    {
        if (pool.MaxRunners is < 1 or > 10_000)
        {
            errors.Add($"{key}MaxRunners {pool.MaxRunners} is out of range: use 1-10000 (GitHub allows 10,000 runners per group).");
        }

        if (pool.MinIdle < 0)
        {
            errors.Add($"{key}MinIdle {pool.MinIdle} is negative: use 0 for no warm runners.");
        }
        else if (pool.MinIdle > pool.MaxRunners)
        {
            errors.Add($"{key}MinIdle {pool.MinIdle} is greater than {key}MaxRunners {pool.MaxRunners}: warm runners count against MaxRunners, so lower MinIdle or raise MaxRunners.");
        }

        if (pool.KeepUnhealthy < 0)
        {
            errors.Add($"{key}KeepUnhealthy {pool.KeepUnhealthy} is negative: use 0 to delete every VM whose runner did not come online within BootTimeout, or how many of them to keep stopped for investigation.");
        }

        foreach (var (setting, value) in new[] { ("IdleTimeout", pool.IdleTimeout), ("BootTimeout", pool.BootTimeout), ("MaxLifetime", pool.MaxLifetime) })
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"{key}{setting} {value} is not positive: use a duration such as 00:10:00.");
            }
        }

        if (pool.BootTimeout > TimeSpan.Zero && pool.MaxLifetime <= pool.BootTimeout)
        {
            errors.Add($"{key}MaxLifetime {pool.MaxLifetime} is not longer than {key}BootTimeout {pool.BootTimeout}: a runner would be deleted before it could take a job.");
        }
    }

    private static void ValidateAllowedRepositories(PoolOptions pool, RunnerScope? scope, string key, List<string> errors)
    {
        for (var j = 0; j < pool.AllowedRepositories.Count; j++)
        {
            var entry = pool.AllowedRepositories[j];
            if (!AllowedRepository().IsMatch(entry))
            {
                errors.Add($"{key}AllowedRepositories__{j} '{entry}' is not a repository pattern: use owner/repo or owner/*.");
            }
            else if (scope == RunnerScope.Org && !entry.StartsWith(pool.Owner + "/", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{key}AllowedRepositories__{j} '{entry}' is outside the pool's organization '{pool.Owner}': runners of an organization serve only its repositories.");
            }
        }
    }

    private static void ValidateWarmSchedules(PoolOptions pool, string key, List<string> errors)
    {
        for (var j = 0; j < pool.WarmSchedules.Count; j++)
        {
            ValidateSchedule(pool.WarmSchedules[j], $"{key}WarmSchedules__{j}__", "MinIdle", pool.WarmSchedules[j].MinIdle, pool.MaxRunners, errors);
        }
    }

    private static void ValidateStandby(PoolOptions pool, string key, List<string> errors)
    {
        var standby = pool.Standby;
        if (standby.Size < 0 || standby.Size > pool.MaxRunners)
        {
            errors.Add($"{key}Standby__Size {standby.Size} is outside 0-{pool.MaxRunners}: standby VMs count against {key}MaxRunners, so lower the size or raise MaxRunners.");
        }

        else if (standby.Size + pool.MinIdle > pool.MaxRunners)
        {
            errors.Add($"{key}Standby__Size {standby.Size} and {key}MinIdle {pool.MinIdle} together exceed {key}MaxRunners {pool.MaxRunners}: both hold VMs that count against it.");
        }

        if (standby.MaxAge <= TimeSpan.Zero || standby.MaxAge > TimeSpan.FromDays(30))
        {
            errors.Add($"{key}Standby__MaxAge {standby.MaxAge} is outside 0 to 30 days: GitHub makes a runner older than its 30-day update window update itself before it takes a job.");
        }

        for (var j = 0; j < standby.Schedules.Count; j++)
        {
            ValidateSchedule(standby.Schedules[j], $"{key}Standby__Schedules__{j}__", "Size", standby.Schedules[j].Size, pool.MaxRunners, errors);
        }
    }

    /// <summary>A schedule's cron, time zone and duration, and its <paramref name="countName"/> within 0 to MaxRunners.</summary>
    private static void ValidateSchedule(ScheduleWindow schedule, string at, string countName, int count, int maxRunners, List<string> errors)
    {
        try
        {
            Cronos.CronExpression.Parse(schedule.Cron);
        }
        catch (Cronos.CronFormatException)
        {
            errors.Add($"{at}Cron '{schedule.Cron}' is not a 5-field cron expression: use, for example, 0 8 * * 1-5 for 08:00 on weekdays.");
        }

        try
        {
            schedule.Zone();
        }
        catch (TimeZoneNotFoundException)
        {
            errors.Add($"{at}TimeZone '{schedule.TimeZone}' is not a known time zone: use an IANA id such as Europe/Berlin, or leave it empty for UTC.");
        }

        if (schedule.Duration <= TimeSpan.Zero)
        {
            errors.Add($"{at}Duration {schedule.Duration} is not positive: use how long the window lasts, such as 10:00:00.");
        }

        if (count < 0 || count > maxRunners)
        {
            errors.Add($"{at}{countName} {count} is outside 0-{maxRunners} (the pool's MaxRunners).");
        }
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,22}[a-z0-9])?$")]
    private static partial Regex PoolName();

    [GeneratedRegex(@"^[^\s,\p{C}]{1,100}$")]
    private static partial Regex RunnerLabel();

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")]
    private static partial Regex AccountName();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex RepositoryName();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9-]{0,38}/(?:\*|[A-Za-z0-9._-]{1,100})$")]
    private static partial Regex AllowedRepository();

    [GeneratedRegex("^[a-z0-9][a-z0-9+.-]{0,99}$")]
    private static partial Regex PackageName();

    [GeneratedRegex(@"^(?:Standard|Basic)_[A-Za-z0-9_]+$")]
    private static partial Regex VmSize();
}
