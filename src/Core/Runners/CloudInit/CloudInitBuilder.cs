using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Scaler.Core.Runners.CloudInit;

/// <summary>
/// Builds the <c>#cloud-config</c> documents of runner VMs from an object model serialized with YamlDotNet. Both have a
/// non-root <c>runner</c> user (sudo only when the pool asks), the pool's packages and setup script, and the runner
/// package's URL (it may carry a SAS) in a 0600 curl config of root. A fresh VM's (<see cref="Build"/>) adds the JIT
/// config in a 0600 file of that user and a fixed start script that runcmd starts as a systemd unit; a standby VM's
/// (<see cref="BuildStandby"/>) holds no secret: a first-boot script installs the runner and enables a boot unit that
/// reads the JIT config from the VM's <c>userData</c> at each boot.
/// </summary>
public static class CloudInitBuilder
{
    public const string Header = "#cloud-config\n";
    public const string RunnerUser = "runner";
    public const string JitConfigPath = "/etc/scaler/jitconfig";

    /// <summary>The curl config that names the runner package's URL, so that it is never on a command line.</summary>
    public const string DownloadConfigPath = "/etc/scaler/runner-download";
    public const string StartScriptPath = "/opt/scaler/start-runner.sh";
    public const string SetupScriptPath = "/opt/scaler/setup.sh";

    /// <summary>A standby VM's first boot: installs the runner and enables <see cref="StandbyUnitPath"/>.</summary>
    public const string StandbyPrepareScriptPath = "/opt/scaler/prepare-standby.sh";

    /// <summary>A standby VM's every boot: reads <c>userData</c>, then powers off or starts the runner.</summary>
    public const string StandbyBootScriptPath = "/opt/scaler/standby-boot.sh";

    public const string StandbyUnitPath = "/etc/systemd/system/" + StandbyScripts.UnitName;

    /// <summary>Where a standby VM reads its <c>userData</c>; the document holds it as written (an emulator looks for it).</summary>
    public const string UserDataUrl = StandbyScripts.UserDataUrl;

    /// <summary>Stands in for the JIT config in <see cref="BuildPreview"/>; each VM gets its own.</summary>
    public const string JitConfigPlaceholder = "<encoded JIT config: generated for each VM by generate-jitconfig>";

    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
        .WithQuotingNecessaryStrings()
        .DisableAliases()
        .Build();

    private static readonly IDeserializer Deserializer = new DeserializerBuilder().Build();

    /// <summary>The cloud-init document for one VM. Throws <see cref="ArgumentException"/> for an invalid <paramref name="boot"/>.</summary>
    public static string Build(RunnerBoot boot, RunnerSetup? setup = null)
    {
        ArgumentNullException.ThrowIfNull(boot);
        boot.Validate();
        return Serialize(boot.RunnerVersion, boot.DownloadUrl, boot.Sha256, boot.EncodedJitConfig, setup ?? RunnerSetup.None);
    }

    /// <summary>The same document with <see cref="JitConfigPlaceholder"/> for the JIT config (for <c>scaler cloud-init</c>).</summary>
    public static string BuildPreview(string runnerVersion, Uri downloadUrl, string sha256, RunnerSetup? setup = null)
    {
        RunnerBoot.ValidateRelease(runnerVersion, downloadUrl, sha256);
        return Serialize(runnerVersion, downloadUrl, sha256, JitConfigPlaceholder, setup ?? RunnerSetup.None);
    }

    /// <summary>The cloud-init document of a standby VM: no JIT config in it; each boot reads one from <c>userData</c>.</summary>
    public static string BuildStandby(string runnerVersion, Uri downloadUrl, string sha256, RunnerSetup? setup = null)
    {
        RunnerBoot.ValidateRelease(runnerVersion, downloadUrl, sha256);
        setup ??= RunnerSetup.None;
        List<CloudFile> files =
        [
            DownloadConfigFile(downloadUrl),
            RootFile(StandbyPrepareScriptPath, StandbyScripts.Prepare(runnerVersion, sha256), "0700"),
            RootFile(StandbyBootScriptPath, StandbyScripts.Boot(), "0700"),

            // systemd warns about a unit file that is executable; it holds no secret.
            RootFile(StandbyUnitPath, StandbyScripts.Unit, "0644"),
            .. SetupScriptFiles(setup),
        ];

        // Run within cloud-init, not as a unit of its own: a failed install fails cloud-init, and the VM stays running.
        return Document(setup, files, [[StandbyPrepareScriptPath]]);
    }

    private static string Serialize(string runnerVersion, Uri downloadUrl, string sha256, string jitConfig, RunnerSetup setup)
    {
        List<CloudFile> files =
        [
            new()
            {
                Path = JitConfigPath,
                Content = jitConfig,
                Owner = $"{RunnerUser}:{RunnerUser}",
                Permissions = "0600",
                Defer = true,
            },
            DownloadConfigFile(downloadUrl),
            RootFile(StartScriptPath, StartRunnerScript.Render(runnerVersion, sha256), "0755"),
            .. SetupScriptFiles(setup),
        ];
        return Document(setup, files, [["systemd-run", "--unit=scaler-runner", "--description=Scaler GitHub Actions runner", StartScriptPath]]);
    }

    private static string Document(RunnerSetup setup, List<CloudFile> files, List<List<string>> runcmd)
    {
        var config = new CloudConfig
        {
            Users =
            [
                new CloudUser
                {
                    Name = RunnerUser,
                    Gecos = "GitHub Actions runner",
                    Sudo = setup.Sudo ? "ALL=(ALL) NOPASSWD:ALL" : null,
                },
            ],
            PackageUpdate = setup.Packages.Count > 0 ? true : null,
            Packages = setup.Packages.Count > 0 ? [.. setup.Packages] : null,
            WriteFiles = files,
            Runcmd = runcmd,
        };
        return Header + Serializer.Serialize(config);
    }

    private static CloudFile DownloadConfigFile(Uri downloadUrl) => RootFile(DownloadConfigPath, RunnerScriptParts.DownloadConfig(downloadUrl), "0600");

    /// <summary>A file of Scaler's own fixed text, root's.</summary>
    private static CloudFile RootFile(string path, string content, string permissions) =>
        new() { Path = path, Content = content, Owner = "root:root", Permissions = permissions, Defer = true };

    private static IEnumerable<CloudFile> SetupScriptFiles(RunnerSetup setup) =>
        setup.SetupScript.Length > 0 ? [TextFile(SetupScriptPath, setup.SetupScript, "root:root", "0700")] : [];

    /// <summary>
    /// A file of operator-written text: a literal block when it reads back exactly as written, else base64
    /// (<c>encoding: b64</c>). A literal block cannot hold a carriage return, YAML's other line breaks (NEL,
    /// U+2028, U+2029), controls other than tab or a byte-order mark, and some leading or trailing blank lines
    /// and spaces: YAML reads them back changed, or the document does not parse at all.
    /// </summary>
    private static CloudFile TextFile(string path, string text, string owner, string permissions) =>
        text.All(c => c is '\n' or '\t' || (c >= ' ' && c is not ('\u007F' or (>= '\u0080' and <= '\u009F') or '\u2028' or '\u2029' or '\uFEFF' or (>= '\uD800' and <= '\uDFFF') or '\uFFFE' or '\uFFFF')))
            && ReadsBack(new CloudFile { Path = path, Content = text, Owner = owner, Permissions = permissions })
            ? new CloudFile { Path = path, Content = text, Owner = owner, Permissions = permissions, Defer = true }
            : new CloudFile { Path = path, Content = Convert.ToBase64String(Encoding.UTF8.GetBytes(text)), Owner = owner, Permissions = permissions, Defer = true, Encoding = "b64" };

    private static bool ReadsBack(CloudFile file)
    {
        try
        {
            var read = Deserializer.Deserialize<Dictionary<string, object>>(Serializer.Serialize(file));
            return read.TryGetValue("content", out var content) && content as string == file.Content;
        }
        catch (YamlException)
        {
            return false;
        }
    }
}
