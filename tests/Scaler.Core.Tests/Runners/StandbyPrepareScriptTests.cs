using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Scaler.Core.Runners.CloudInit;
using YamlDotNet.Serialization;

namespace Scaler.Core.Tests.Runners;

/// <summary>
/// Runs the standby VM's first-boot script for real, with bash, a release tarball made here, and the VM's commands
/// (curl, systemctl, install, usermod ...) replaced by stubs that record their arguments.
/// </summary>
public sealed class StandbyPrepareScriptTests : IDisposable
{
    private const string Version = "2.330.0";
    private static readonly Uri Url = new($"https://github.com/actions/runner/releases/download/v{Version}/actions-runner-linux-x64-{Version}.tar.gz");

    private readonly ScriptSandbox box = new();
    private readonly string sha256;

    public StandbyPrepareScriptTests()
    {
        sha256 = WriteRelease(box.PathOf("release.tar.gz"));
        File.WriteAllText(box.PathOf("runner-download"), $"url = \"{Url}\"\n");
        box.Link("rm", "mktemp", "sha256sum", "tar", "gzip", "grep");
        box.Stub("curl", $"""
            while (( $# > 0 )); do
              if [[ "$1" == --output ]]; then {ScriptSandbox.RealTool("cp")} '{box.PathOf("release.tar.gz")}' "$2"; fi
              shift
            done
            """);
        box.Stub("install", $"{ScriptSandbox.RealTool("mkdir")} -p \"${{@: -1}}\"");
        box.Stub("getent", "exit 2");
        box.Stub("usermod");
        box.Stub("chown");
        box.Stub("ldconfig", "echo 'libicuuc.so.74 (libc6,x86-64) => /lib/x86_64-linux-gnu/libicuuc.so.74'");
        box.Stub("systemctl");
        box.Stub("shutdown");
    }

    public void Dispose() => box.Dispose();

    [Fact]
    public async Task Prepare_ReleaseMatchesItsChecksum_InstallsItThenEnablesAndStartsTheBootUnit()
    {
        var (exitCode, output) = await box.RunAsync(Script(sha256));

        Assert.True(exitCode == 0, output);
        Assert.True(File.Exists(box.PathOf("actions-runner/run.sh")), output);
        var calls = box.Calls.ToList();
        Assert.Equal(["systemctl enable scaler-standby.service", "systemctl start --no-block scaler-standby.service"], calls.TakeLast(2));
        Assert.InRange(calls.FindIndex(c => c.StartsWith("curl ", StringComparison.Ordinal)), 0, calls.Count - 3);
        Assert.DoesNotContain(calls, c => c.Contains("poweroff", StringComparison.Ordinal));
        Assert.False(File.Exists(box.PathOf("runner-download")));
    }

    [Fact]
    public async Task Prepare_ChecksumMismatch_NeitherEnablesTheUnitNorPowersOff()
    {
        var (exitCode, _) = await box.RunAsync(Script(new string('0', 64)));

        Assert.NotEqual(0, exitCode);
        Assert.Contains(box.Calls, c => c.StartsWith("curl ", StringComparison.Ordinal));
        Assert.DoesNotContain(box.Calls, c => c.StartsWith("systemctl", StringComparison.Ordinal) || c.StartsWith("shutdown", StringComparison.Ordinal));
        Assert.False(File.Exists(box.PathOf("actions-runner/run.sh")));
        Assert.False(File.Exists(box.PathOf("runner-download")));
    }

    [Fact]
    public async Task Prepare_SetupScriptFails_NeitherEnablesTheUnitNorPowersOff()
    {
        File.WriteAllText(box.PathOf("setup.sh"), $"#!{ScriptSandbox.RealTool("bash")}\nexit 3\n");
        ScriptSandbox.MakeExecutable(box.PathOf("setup.sh"));

        var (exitCode, _) = await box.RunAsync(Script(sha256));

        Assert.Equal(3, exitCode);
        Assert.DoesNotContain(box.Calls, c => c.StartsWith("systemctl", StringComparison.Ordinal) || c.StartsWith("curl", StringComparison.Ordinal));
    }

    /// <summary>The first-boot script of a standby document, its VM paths moved into the sandbox.</summary>
    private string Script(string releaseSha256)
    {
        var text = CloudInitBuilder.BuildStandby(Version, Url, releaseSha256);
        var files = ((List<object>)new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(text)["write_files"]).Cast<Dictionary<object, object>>();
        var script = (string)files.Single(f => (string)f["path"] == CloudInitBuilder.StandbyPrepareScriptPath)["content"];
        Assert.Contains("[[ -x /opt/scaler/setup.sh ]]", script, StringComparison.Ordinal);
        return StandbyBootScriptTests.Relocated(
                script, box, ("/home/runner/actions-runner", "actions-runner"), ("/etc/scaler/runner-download", "runner-download"))
            .Replace("/opt/scaler/setup.sh", box.PathOf("setup.sh"), StringComparison.Ordinal)
            .Replace("mktemp /tmp/", $"mktemp {box.Root}/", StringComparison.Ordinal);
    }

    /// <summary>A runner release as GitHub ships it (a gzipped tarball with run.sh at its top); returns its SHA-256.</summary>
    private static string WriteRelease(string path)
    {
        using (var file = File.Create(path))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "./run.sh")
            {
                DataStream = new MemoryStream("#!/bin/bash\n"u8.ToArray()),
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            });
        }

        return Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
    }
}
