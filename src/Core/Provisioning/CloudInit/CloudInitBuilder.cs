using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Scaler.Core.Provisioning.CloudInit;

/// <summary>
/// Builds the <c>#cloud-config</c> document for a runner VM from an object model serialized with YamlDotNet: a
/// non-root <c>runner</c> user, the JIT config in a 0600 file of that user, a fixed start script, and a
/// <c>runcmd</c> that starts the script as a systemd unit.
/// </summary>
public static class CloudInitBuilder
{
    public const string Header = "#cloud-config\n";
    public const string RunnerUser = "runner";
    public const string JitConfigPath = "/etc/scaler/jitconfig";
    public const string StartScriptPath = "/opt/scaler/start-runner.sh";

    /// <summary>Stands in for the JIT config in <see cref="BuildPreview"/>; each VM gets its own.</summary>
    public const string JitConfigPlaceholder = "<encoded JIT config: generated for each VM by generate-jitconfig>";

    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
        .WithQuotingNecessaryStrings()
        .DisableAliases()
        .Build();

    /// <summary>The cloud-init document for one VM. Throws <see cref="ArgumentException"/> for an invalid <paramref name="boot"/>.</summary>
    public static string Build(RunnerBoot boot)
    {
        ArgumentNullException.ThrowIfNull(boot);
        boot.Validate();
        return Serialize(boot.RunnerVersion, boot.DownloadUrl, boot.Sha256, boot.EncodedJitConfig);
    }

    /// <summary>The same document with <see cref="JitConfigPlaceholder"/> for the JIT config (for <c>scaler cloud-init</c>).</summary>
    public static string BuildPreview(string runnerVersion, Uri downloadUrl, string sha256)
    {
        RunnerBoot.ValidateRelease(runnerVersion, downloadUrl, sha256);
        return Serialize(runnerVersion, downloadUrl, sha256, JitConfigPlaceholder);
    }

    private static string Serialize(string runnerVersion, Uri downloadUrl, string sha256, string jitConfig)
    {
        var config = new CloudConfig
        {
            Users = [new CloudUser { Name = RunnerUser, Gecos = "GitHub Actions runner" }],
            WriteFiles =
            [
                new CloudFile
                {
                    Path = JitConfigPath,
                    Content = jitConfig,
                    Owner = $"{RunnerUser}:{RunnerUser}",
                    Permissions = "0600",
                    Defer = true,
                },
                new CloudFile
                {
                    Path = StartScriptPath,
                    Content = StartRunnerScript.Render(runnerVersion, downloadUrl, sha256),
                    Owner = "root:root",
                    Permissions = "0755",
                    Defer = true,
                },
            ],
            Runcmd =
            [
                ["systemd-run", "--unit=scaler-runner", "--description=Scaler GitHub Actions runner", StartScriptPath],
            ],
        };
        return Header + Serializer.Serialize(config);
    }
}
