using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Scaler.Core.Runners.CloudInit;

/// <summary>
/// Builds the <c>#cloud-config</c> document for a runner VM from an object model serialized with YamlDotNet: a
/// non-root <c>runner</c> user (sudo only when the pool asks), the pool's packages, the JIT config in a 0600 file
/// of that user, the runner package's URL (it may carry a SAS) in a 0600 curl config of root, a fixed start
/// script, the pool's setup script, and a <c>runcmd</c> that starts the start script as a systemd unit.
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
        throw new NotImplementedException("standby cloud-init");
    }

    private static string Serialize(string runnerVersion, Uri downloadUrl, string sha256, string jitConfig, RunnerSetup setup)
    {
        var files = new List<CloudFile>
        {
            new()
            {
                Path = JitConfigPath,
                Content = jitConfig,
                Owner = $"{RunnerUser}:{RunnerUser}",
                Permissions = "0600",
                Defer = true,
            },
            new()
            {
                Path = DownloadConfigPath,
                Content = StartRunnerScript.DownloadConfig(downloadUrl),
                Owner = "root:root",
                Permissions = "0600",
                Defer = true,
            },
            new()
            {
                Path = StartScriptPath,
                Content = StartRunnerScript.Render(runnerVersion, sha256),
                Owner = "root:root",
                Permissions = "0755",
                Defer = true,
            },
        };
        if (setup.SetupScript.Length > 0)
        {
            files.Add(TextFile(SetupScriptPath, setup.SetupScript, "root:root", "0700"));
        }

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
            Runcmd =
            [
                ["systemd-run", "--unit=scaler-runner", "--description=Scaler GitHub Actions runner", StartScriptPath],
            ],
        };
        return Header + Serializer.Serialize(config);
    }

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
