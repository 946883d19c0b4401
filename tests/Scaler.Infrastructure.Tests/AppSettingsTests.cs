using System.Collections;
using System.Reflection;
using Scaler.Core.Compute;
using Scaler.Core.GitHub;
using Scaler.Core.Intake;
using Scaler.Core.Pools;
using Scaler.Core.Runners;
using Scaler.Core.RunnerUpdates;
using Scaler.Core.Storage;

namespace Scaler.Infrastructure.Tests;

/// <summary>
/// Every setting the code reads is set by the template, under the name the options classes bind, so renaming
/// a property without changing the template (or the reverse) fails here.
/// </summary>
public sealed class AppSettingsTests
{
    /// <summary>Settings the template leaves out on purpose, and why; the app's defaults apply.</summary>
    private static readonly Dictionary<string, string> OmittedProvisioningSettings = new()
    {
        [nameof(ProvisioningOptions.PoolFullRetryDelay)] = "tuning knob; the default (15 s) suits most fleets",
        [nameof(ProvisioningOptions.LeaseDuration)] = "tuning knob; the default (10 min) matches the function timeout",
        [nameof(ProvisioningOptions.CapacityRetryDelay)] = "tuning knob; the default (1 min) suits most fleets",
        [nameof(ProvisioningOptions.ProvisioningGrace)] = "tuning knob; the default (2 min) covers a VM's creation",
        [nameof(ProvisioningOptions.CreateWatchDelay)] = "tuning knob; the default (40 s) is about how long Azure takes to create a VM",
    };

    /// <summary>Runner-update settings the template leaves out on purpose, and why.</summary>
    private static readonly Dictionary<string, string> OmittedRunnerUpdateSettings = new()
    {
        [nameof(RunnerUpdateOptions.CacheFor)] = "tuning knob; the default (15 min) keeps GitHub calls low and picks up a release well within its day",
    };

    /// <summary>An empty list writes no entries: the pool then allows every repository in its scope, and installs the default packages.</summary>
    private static readonly HashSet<string> OptionalPoolLists = [nameof(PoolOptions.AllowedRepositories), nameof(PoolOptions.Packages), nameof(PoolOptions.WarmSchedules), nameof(StandbyOptions.Schedules)];

    [Fact]
    public async Task AppDeployment_SetsEverySettingTheCodeReads_ExceptThePat()
    {
        var deployment = await Deployment.Example;

        // With a GitHub App the PAT is not used, so it is left out rather than pointed at a missing secret.
        AssertEverySettingIsSet(deployment, omittedGitHub: nameof(GitHubOptions.Token), setsOptionalLists: true);
    }

    [Fact]
    public async Task PatDeployment_SetsEverySettingTheCodeReads_ExceptTheAppKey()
    {
        var deployment = await Deployment.Pat;

        // Without an App (AppId empty) there is no key to reference.
        AssertEverySettingIsSet(deployment, omittedGitHub: nameof(GitHubOptions.AppPrivateKey), setsOptionalLists: false);
        Assert.Equal("", deployment.AppSettings[Name(GitHubOptions.Section, nameof(GitHubOptions.AppId))]);
    }

    [Fact]
    public async Task AppSettings_NameNothingTheOptionsClassesLack()
    {
        foreach (var deployment in new[] { await Deployment.Example, await Deployment.Pat })
        {
            var known = Settable(typeof(GitHubOptions)).Select(p => Name(GitHubOptions.Section, p.Name))
                .Concat(Settable(typeof(WebhookOptions)).Select(p => Name(WebhookOptions.Section, p.Name)))
                .Concat(Settable(typeof(AzureOptions)).Select(p => Name(AzureOptions.Section, p.Name)))
                .Concat(Settable(typeof(RunnerUpdateOptions)).Select(p => Name(RunnerUpdatesPrefix, p.Name)))
                .ToHashSet(StringComparer.Ordinal);
            var poolProperties = Settable(typeof(PoolOptions)).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

            foreach (var name in deployment.AppSettings.Keys)
            {
                var parts = name.Split("__");
                if (name.StartsWith(RunnerUpdatesPrefix + "__", StringComparison.Ordinal))
                {
                    Assert.True(known.Contains(name), $"{name} is not a RunnerUpdateOptions setting");
                }
                else if (parts[0] == ScalerOptions.Section)
                {
                    Assert.True(parts.Length >= 4 && parts[1] == nameof(ScalerOptions.Pools) && int.TryParse(parts[2], out _) && poolProperties.Contains(parts[3]),
                        $"{name} is not a PoolOptions setting");
                }
                else if (parts[0] is GitHubOptions.Section or AzureOptions.Section)
                {
                    Assert.True(known.Contains(name), $"{name} is not a {parts[0]} setting");
                }
            }
        }
    }

    [Fact]
    public void OmittedProvisioningSettings_AreExactlyTheProvisioningOptions()
    {
        // A new provisioning setting must be either added to the template or listed here with a reason.
        Assert.Equal(Settable(typeof(ProvisioningOptions)).Select(p => p.Name).Order(StringComparer.Ordinal),
            OmittedProvisioningSettings.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Scaler:Provisioning", ProvisioningOptions.Section);
    }

    [Fact]
    public void OmittedRunnerUpdateSettings_AreNotInTheTemplateButInTheOptions()
    {
        Assert.Equal("Scaler:RunnerUpdates", RunnerUpdateOptions.Section);
        Assert.Subset(Settable(typeof(RunnerUpdateOptions)).Select(p => p.Name).ToHashSet(StringComparer.Ordinal), OmittedRunnerUpdateSettings.Keys.ToHashSet(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AppDeployment_RunnerUpdateSettings_DefaultToNoSoakAndASevenDayMargin()
    {
        var settings = (await Deployment.Example).AppSettings;

        Assert.Equal("00:00:00", settings[Name(RunnerUpdatesPrefix, nameof(RunnerUpdateOptions.Soak))]);
        Assert.Equal("7.00:00:00", settings[Name(RunnerUpdatesPrefix, nameof(RunnerUpdateOptions.Margin))]);
    }

    [Fact]
    public async Task AppDeployment_RunnerMirror_DefaultsToOffWithoutAContainer()
    {
        var deployment = await Deployment.Example;

        Assert.Equal("false", deployment.AppSettings[Name(RunnerUpdatesPrefix, nameof(RunnerUpdateOptions.Mirror))]);
        Assert.DoesNotContain(Containers(deployment), c => c.EndsWith("/" + RunnerPackageMirror.ContainerName, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PatDeployment_RunnerMirrorOn_SetsItWithTheBlobEndpointAndAPrivateContainer()
    {
        var deployment = await Deployment.Pat;
        var settings = deployment.AppSettings;

        Assert.Equal("true", settings[Name(RunnerUpdatesPrefix, nameof(RunnerUpdateOptions.Mirror))]);
        Assert.Contains(".blob.", settings[Name(StorageAccount.Setting, "blobServiceUri")], StringComparison.Ordinal);
        var container = Assert.Single(deployment.OfType("Microsoft.Storage/storageAccounts/blobServices/containers"),
            c => ((string)c["name"]!).EndsWith("/" + RunnerPackageMirror.ContainerName, StringComparison.Ordinal));
        Assert.Equal("None", (string?)container["properties"]!["publicAccess"]);
    }

    private static IEnumerable<string> Containers(Deployment deployment) =>
        deployment.OfType("Microsoft.Storage/storageAccounts/blobServices/containers").Select(c => (string)c["name"]!);

    private static void AssertEverySettingIsSet(Deployment deployment, string omittedGitHub, bool setsOptionalLists)
    {
        var settings = deployment.AppSettings;
        var missing = new List<string>();
        void Expect(string name)
        {
            if (!settings.ContainsKey(name))
            {
                missing.Add(name);
            }
        }

        foreach (var suffix in new[] { "blobServiceUri", "queueServiceUri", "tableServiceUri", "credential", "clientId" })
        {
            Expect($"{StorageAccount.Setting}__{suffix}");
        }

        foreach (var property in Settable(typeof(WebhookOptions)))
        {
            Expect(Name(WebhookOptions.Section, property.Name));
        }

        foreach (var property in Settable(typeof(GitHubOptions)).Where(p => p.Name != omittedGitHub))
        {
            Expect(Name(GitHubOptions.Section, property.Name));
        }

        Assert.DoesNotContain(Name(GitHubOptions.Section, omittedGitHub), settings.Keys);

        foreach (var property in Settable(typeof(AzureOptions)))
        {
            Expect(Name(AzureOptions.Section, property.Name));
        }

        foreach (var property in Settable(typeof(RunnerUpdateOptions)))
        {
            var name = Name(RunnerUpdatesPrefix, property.Name);
            if (OmittedRunnerUpdateSettings.ContainsKey(property.Name))
            {
                Assert.DoesNotContain(name, settings.Keys);
                continue;
            }

            Expect(name);
        }

        var pools = deployment.OfType("Microsoft.Compute/virtualMachineScaleSets").Count();
        Assert.True(pools > 0);
        // A section of its own (Standby) is set through its members' names (…__Standby__Size).
        var poolSettings = Settable(typeof(PoolOptions)).Where(p => p.PropertyType != typeof(StandbyOptions)).Select(p => (p, p.Name))
            .Concat(Settable(typeof(StandbyOptions)).Select(p => (p, Name(nameof(PoolOptions.Standby), p.Name))));
        foreach (var (property, setting) in poolSettings)
        {
            var isList = property.PropertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(property.PropertyType);
            var names = Enumerable.Range(0, pools)
                .Select(i => Name(ScalerOptions.Section, nameof(ScalerOptions.Pools), i.ToString(System.Globalization.CultureInfo.InvariantCulture), setting) + (isList ? "__0" : ""))
                .ToList();
            if (isList && OptionalPoolLists.Contains(property.Name))
            {
                // The example sets it for one pool, which proves the name; other deployments may leave it empty.
                // A list of objects is set through its members' names (…__WarmSchedules__0__Cron).
                Assert.True(!setsOptionalLists || names.Any(n => settings.Keys.Any(k => k == n || k.StartsWith(n + "__", StringComparison.Ordinal))), $"no pool sets {property.Name}, so its name is unchecked");
                continue;
            }

            names.ForEach(Expect);
        }

        Assert.True(missing.Count == 0, "app settings the code reads but the template does not set: " + string.Join(", ", missing));
        Assert.Equal("[environment().resourceManager]", settings[Name(AzureOptions.Section, nameof(AzureOptions.ManagementEndpoint))]);
    }

    /// <summary><c>Scaler:RunnerUpdates</c> as an app setting prefix, <c>Scaler__RunnerUpdates</c>.</summary>
    private static readonly string RunnerUpdatesPrefix = RunnerUpdateOptions.Section.Replace(":", "__", StringComparison.Ordinal);

    private static string Name(params string[] parts) => string.Join("__", parts);

    private static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true });
}
