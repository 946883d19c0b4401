using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Scaler.Core.Pools;
using Scaler.Core.Runners.CloudInit;

namespace Scaler.Cli.Commands;

/// <summary>
/// <c>scaler cloud-init</c>: the cloud-init a pool's VMs get, with a placeholder for the JIT config; with <c>--standby</c>,
/// the standby VMs' cloud-init, which holds no JIT config.
/// </summary>
internal static class CloudInitCommand
{
    /// <summary>The actions/runner release shown when <c>--runner-version</c> is not given.</summary>
    public const string DefaultRunnerVersion = "2.330.0";

    /// <summary>Shown when <c>--runner-sha256</c> is not given: Scaler reads the real digest from the release at run time.</summary>
    public const string PlaceholderSha256 = "0000000000000000000000000000000000000000000000000000000000000000";

    public static Uri DefaultDownloadUrl(string version) =>
        new($"https://github.com/actions/runner/releases/download/v{version}/actions-runner-linux-x64-{version}.tar.gz");

    public static Command Create()
    {
        var settings = SettingsOption.Create();
        var pool = new Option<string>("--pool") { Description = "The pool's name (Scaler__Pools__N__Name).", Required = true };
        var version = new Option<string>("--runner-version") { Description = "The actions/runner release to install.", DefaultValueFactory = _ => DefaultRunnerVersion };
        var url = new Option<string?>("--runner-url") { Description = "The runner tarball's URL; by default GitHub's release download for --runner-version." };
        var sha256 = new Option<string>("--runner-sha256") { Description = "The tarball's SHA-256; by default a placeholder of 64 zeros.", DefaultValueFactory = _ => PlaceholderSha256 };
        var standby = new Option<bool>("--standby") { Description = "Print the cloud-init of the pool's standby VMs instead: no JIT config; each boot reads one from the VM's userData." };
        var command = new Command("cloud-init", "Print the cloud-init a VM of the pool would get, with a placeholder for its JIT config.") { settings, pool, version, url, sha256, standby };
        command.SetAction(result =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            var configuration = SettingsOption.TryLoad(result.GetValue(settings)!, error);
            if (configuration is null)
            {
                return 1;
            }

            var name = result.GetValue(pool)!;
            var sections = configuration.GetSection($"{ScalerOptions.Section}:Pools").GetChildren().ToList();
            var pools = sections.Select(p => p["Name"]).OfType<string>().ToList();
            var section = sections.FirstOrDefault(p => p["Name"] == name);
            if (section is null)
            {
                var known = pools.Count == 0 ? "none (no Scaler__Pools__N__Name is set)" : string.Join(", ", pools);
                error.WriteLine($"error: Unknown pool '{name}'. Known pools: {known}.");
                return 1;
            }

            var runnerVersion = result.GetValue(version)!;
            var downloadUrl = result.GetValue(url);
            try
            {
                var tarball = downloadUrl is null ? DefaultDownloadUrl(runnerVersion) : new Uri(downloadUrl, UriKind.Absolute);
                var options = new PoolOptions();
                section.Bind(options);
                var setup = RunnerSetup.For(options);
                output.Write(result.GetValue(standby)
                    ? CloudInitBuilder.BuildStandby(runnerVersion, tarball, result.GetValue(sha256)!, setup)
                    : CloudInitBuilder.BuildPreview(runnerVersion, tarball, result.GetValue(sha256)!, setup));
                return 0;
            }
            catch (Exception ex) when (ex is ArgumentException or UriFormatException)
            {
                error.WriteLine($"error: {ex.Message}");
                return 1;
            }
        });
        return command;
    }
}
