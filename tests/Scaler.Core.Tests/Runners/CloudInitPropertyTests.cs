using System.Text;
using CsCheck;
using Scaler.Core.Runners.CloudInit;
using YamlDotNet.Serialization;

namespace Scaler.Core.Tests.Runners;

/// <summary>
/// Whatever a pool's settings hold (any valid package names, any setup script, sudo or not) and whatever JIT config GitHub hands back, the
/// cloud-init document parses to exactly the keys Scaler writes, every value reads back as it was given, and
/// none of it reaches the start script or <c>runcmd</c>: settings travel only as YAML values and files.
/// </summary>
public sealed class CloudInitPropertyTests
{
    private const string Version = "2.330.0";
    private static readonly Uri Url = new($"https://github.com/actions/runner/releases/download/v{Version}/actions-runner-linux-x64-{Version}.tar.gz");
    private static readonly string Sha256 = new('c', 64);

    /// <summary>Characters YAML and shells care about, ASCII, controls, and the rest of the basic plane.</summary>
    private static readonly Gen<char> AnyChar = Gen.OneOf(
        Gen.Char["\n\r\t :#-'\"\\{}[]|>&*!%@`$;()<>,?~=\u0085\u2028\u2029\uFEFF"],
        Gen.Char[' ', '~'],
        Gen.Char['\0', '\u001F'],
        Gen.Char['\u00A0', '\uD7FF']);

    private static readonly Gen<string> AnyString = AnyChar.Array[0, 40].Select(c => new string(c));

    /// <summary>What <c>PoolOptionsValidator</c> lets through as a package: Debian package names.</summary>
    private static readonly Gen<string> AnyPackage = Gen.Select(Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"], Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789.+-"].Array[1, 20])
        .Select((first, rest) => first + new string(rest));

    private static readonly Gen<string> AnyJitConfig = Gen.Byte.Array[1, 300].Select(Convert.ToBase64String);

    private static readonly string StartScript = StartScriptOf(RunnerSetup.None);

    [Fact]
    public void Build_AnySettingsAndJitConfig_KeysAreExactlyScalersAndValuesRoundTrip()
    {
        Gen.Select(AnyPackage.List[0, 6], Gen.Bool, AnyString, AnyJitConfig).Sample((packages, sudo, script, jit) =>
        {
            var setup = new RunnerSetup(packages, sudo, script);

            var document = Parse(CloudInitBuilder.Build(new RunnerBoot(Version, Url, Sha256, jit), setup));

            var expectedKeys = new HashSet<string> { "users", "disable_root", "ssh_pwauth", "write_files", "runcmd" };
            if (packages.Count > 0)
            {
                expectedKeys.UnionWith(["package_update", "packages"]);
                Assert.Equal(packages, ((List<object>)document["packages"]).Cast<string>());
            }

            Assert.Equal(expectedKeys, document.Keys.ToHashSet());
            var user = Assert.Single((List<object>)document["users"]);
            var userKeys = ((Dictionary<object, object>)user!).Keys.Cast<string>().ToHashSet();
            Assert.Equal(sudo ? ["name", "gecos", "shell", "lock_passwd", "sudo"] : new HashSet<string> { "name", "gecos", "shell", "lock_passwd" }, userKeys);

            var files = ((List<object>)document["write_files"]).Cast<Dictionary<object, object>>().ToList();
            Assert.All(files, f => Assert.Equal(
                f.ContainsKey("encoding") && (string)f["path"] == CloudInitBuilder.SetupScriptPath
                    ? ["path", "content", "owner", "permissions", "defer", "encoding"]
                    : new HashSet<string> { "path", "content", "owner", "permissions", "defer" },
                f.Keys.Cast<string>().ToHashSet()));
            var expectedPaths = new List<string> { CloudInitBuilder.JitConfigPath, CloudInitBuilder.DownloadConfigPath, CloudInitBuilder.StartScriptPath };
            if (script.Length > 0)
            {
                expectedPaths.Add(CloudInitBuilder.SetupScriptPath);
                Assert.Equal(script, Content(files, CloudInitBuilder.SetupScriptPath));
            }

            Assert.Equal(expectedPaths, files.Select(f => (string)f["path"]));
            Assert.Equal(jit, Content(files, CloudInitBuilder.JitConfigPath));

            // The shell sees none of it: the start script and runcmd are the same for every pool and JIT config.
            Assert.Equal(StartScript, Content(files, CloudInitBuilder.StartScriptPath));
            var runcmd = Assert.Single((List<object>)document["runcmd"]);
            Assert.Equal(["systemd-run", "--unit=scaler-runner", "--description=Scaler GitHub Actions runner", CloudInitBuilder.StartScriptPath], ((List<object>)runcmd!).Cast<string>());
        }, iter: 500, threads: 1);
    }

    [Fact]
    public void BuildStandby_AnySettings_KeysAreExactlyScalersAndScriptsAreTheSameForEveryPool()
    {
        var none = StandbyFiles(RunnerSetup.None);
        string[] fixedPaths = [CloudInitBuilder.StandbyPrepareScriptPath, CloudInitBuilder.StandbyBootScriptPath, CloudInitBuilder.StandbyUnitPath];

        Gen.Select(AnyPackage.List[0, 6], Gen.Bool, AnyString).Sample((packages, sudo, script) =>
        {
            var document = Parse(CloudInitBuilder.BuildStandby(Version, Url, Sha256, new RunnerSetup(packages, sudo, script)));

            var expectedKeys = new HashSet<string> { "users", "disable_root", "ssh_pwauth", "write_files", "runcmd" };
            if (packages.Count > 0)
            {
                expectedKeys.UnionWith(["package_update", "packages"]);
                Assert.Equal(packages, ((List<object>)document["packages"]).Cast<string>());
            }

            Assert.Equal(expectedKeys, document.Keys.ToHashSet());
            var files = ((List<object>)document["write_files"]).Cast<Dictionary<object, object>>().ToList();
            List<string> expectedPaths = [CloudInitBuilder.DownloadConfigPath, .. fixedPaths];
            if (script.Length > 0)
            {
                expectedPaths.Add(CloudInitBuilder.SetupScriptPath);
                Assert.Equal(script, Content(files, CloudInitBuilder.SetupScriptPath));
            }

            Assert.Equal(expectedPaths, files.Select(f => (string)f["path"]));

            // The shell sees none of it: the scripts, the unit and runcmd are the same for every pool.
            Assert.All(fixedPaths, path => Assert.Equal(Content(none, path), Content(files, path)));
            var runcmd = Assert.Single((List<object>)document["runcmd"]);
            Assert.Equal([CloudInitBuilder.StandbyPrepareScriptPath], ((List<object>)runcmd!).Cast<string>());
        }, iter: 300, threads: 1);
    }

    private static List<Dictionary<object, object>> StandbyFiles(RunnerSetup setup) =>
        ((List<object>)Parse(CloudInitBuilder.BuildStandby(Version, Url, Sha256, setup))["write_files"]).Cast<Dictionary<object, object>>().ToList();

    private static string StartScriptOf(RunnerSetup setup)
    {
        var boot = new RunnerBoot(Version, Url, Sha256, Convert.ToBase64String(Encoding.UTF8.GetBytes("{}")));
        var files = ((List<object>)Parse(CloudInitBuilder.Build(boot, setup))["write_files"]).Cast<Dictionary<object, object>>().ToList();
        return Content(files, CloudInitBuilder.StartScriptPath);
    }

    /// <summary>The file's text as cloud-init writes it: base64 decoded when the file says <c>encoding: b64</c>.</summary>
    private static string Content(List<Dictionary<object, object>> files, string path)
    {
        var file = files.Single(f => (string)f["path"] == path);
        var content = (string)file["content"];
        return file.TryGetValue("encoding", out var encoding) && (string)encoding == "b64"
            ? Encoding.UTF8.GetString(Convert.FromBase64String(content))
            : content;
    }

    private static Dictionary<string, object> Parse(string text) =>
        new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(text);
}
