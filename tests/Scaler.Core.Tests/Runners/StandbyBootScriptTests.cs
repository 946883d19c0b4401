using System.Text;
using Scaler.Core.Runners.CloudInit;
using YamlDotNet.Serialization;

namespace Scaler.Core.Tests.Runners;

/// <summary>
/// Runs the standby VM's boot script for real, with bash, the commands it calls as the VM replaced by stubs that
/// record their arguments: what it does with an empty <c>userData</c>, with a JIT config, and with anything else.
/// </summary>
public sealed class StandbyBootScriptTests : IDisposable
{
    private const string Version = "2.330.0";
    private static readonly Uri Url = new($"https://github.com/actions/runner/releases/download/v{Version}/actions-runner-linux-x64-{Version}.tar.gz");

    /// <summary>Shaped as generate-jitconfig's encoded_jit_config: base64 of a JSON map of base64 files.</summary>
    private static readonly string JitConfig = Convert.ToBase64String(Encoding.UTF8.GetBytes(
        """{".runner":"eyJhZ2VudElkIjoxfQ==",".credentials":"eyJzY2hlbWUiOiJPQXV0aCJ9",".credentials_rsaparams":"eyJkIjoiLi4uIn0="}"""));

    /// <summary>What ARM keeps as the VM's userData and the metadata service returns: base64 of the JIT config.</summary>
    private static readonly string UserData = Convert.ToBase64String(Encoding.UTF8.GetBytes(JitConfig));

    private readonly ScriptSandbox box = new();

    public StandbyBootScriptTests()
    {
        box.Link("rm", "base64", "timeout");
        Directory.CreateDirectory(box.PathOf("actions-runner"));

        // cat records the mode of the file it reads (the JIT config's): the real VM's file must be 0600 then.
        box.Stub("cat", $"{ScriptSandbox.RealTool("stat")} -c %a \"$1\" >>'{box.PathOf("jit-mode")}'\nexec {ScriptSandbox.RealTool("cat")} \"$@\"");
        box.Stub("iptables", "[[ \" $* \" == *' -C '* ]] && exit 1\nexit 0");
        box.Stub("curl", $"exec {ScriptSandbox.RealTool("cat")} '{box.PathOf("userdata")}'");
        box.Stub("systemctl");
        box.Stub("shutdown");
        box.Stub("cloud-init");
        box.Stub("runuser", $$"""
            { [[ -e '{{box.PathOf("jitconfig")}}' ]] && echo present || echo absent; } >'{{box.PathOf("jit-file-at-runner-start")}}'
            printf '%s' "$ACTIONS_RUNNER_INPUT_JITCONFIG" >'{{box.PathOf("runner-jit-config")}}'
            pwd >'{{box.PathOf("runner-directory")}}'
            """);
        UserDataIs("");
    }

    public void Dispose() => box.Dispose();

    [Fact]
    public async Task Boot_EmptyUserData_PowersOffWithoutStartingTheRunner()
    {
        var (exitCode, output) = await box.RunAsync(Script());

        Assert.True(exitCode == 0, output);
        Assert.DoesNotContain(box.Calls, c => c.StartsWith("runuser", StringComparison.Ordinal));
        Assert.Equal("systemctl poweroff --no-block", box.Calls[^1]);
        Assert.Contains("the VM is prepared", output, StringComparison.Ordinal);
        Assert.False(File.Exists(box.PathOf("jitconfig")));
    }

    [Fact]
    public async Task Boot_JitConfigInUserData_StartsTheRunnerWithItInItsEnvironmentThenPowersOff()
    {
        UserDataIs(UserData);

        var (exitCode, output) = await box.RunAsync(Script());

        Assert.True(exitCode == 0, output);
        var calls = box.Calls;
        var runner = Assert.Single(calls, c => c.StartsWith("runuser", StringComparison.Ordinal));
        Assert.Equal("runuser -u runner -- ./run.sh", runner);
        Assert.Equal(JitConfig, File.ReadAllText(box.PathOf("runner-jit-config")));
        Assert.Equal(box.PathOf("actions-runner"), File.ReadAllText(box.PathOf("runner-directory")).TrimEnd('\n'));
        Assert.Equal("600", File.ReadAllText(box.PathOf("jit-mode")).Trim());
        Assert.Equal("absent", File.ReadAllText(box.PathOf("jit-file-at-runner-start")).Trim());
        Assert.False(File.Exists(box.PathOf("jitconfig")));
        Assert.Equal("systemctl poweroff --no-block", calls[^1]);
    }

    [Fact]
    public async Task Boot_JitConfigInUserData_NeverOnACommandLineOrInTheOutput()
    {
        UserDataIs(UserData);

        var (_, output) = await box.RunAsync(Script());

        Assert.Contains(box.Calls, c => c.StartsWith("runuser", StringComparison.Ordinal));
        foreach (var secret in new[] { JitConfig, UserData, JitConfig[..24], UserData[..24] })
        {
            Assert.DoesNotContain(box.Calls, c => c.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Boot_Always_ClosesTheMetadataServiceToTheRunnerUserBeforeReadingUserData()
    {
        UserDataIs(UserData);

        await box.RunAsync(Script());

        var calls = box.Calls.ToList();
        var curl = calls.FindIndex(c => c.StartsWith("curl ", StringComparison.Ordinal));
        var owner = calls.FindIndex(c => c == "iptables -w -I OUTPUT -d 169.254.169.254 -m owner --uid-owner runner -j REJECT");
        var containers = calls.FindIndex(c => c == "iptables -w -I DOCKER-USER -d 169.254.169.254 -j REJECT");
        var forward = calls.FindIndex(c => c == "iptables -w -I FORWARD -j DOCKER-USER");
        Assert.True(owner >= 0 && containers >= 0 && forward >= 0, string.Join('\n', calls));
        Assert.InRange(curl, Math.Max(owner, Math.Max(containers, forward)) + 1, calls.Count);
        Assert.Equal(
            "curl --noproxy * --fail --silent --show-error --max-time 10 --retry 30 --retry-delay 2 --retry-connrefused --retry-all-errors"
            + " --header Metadata: true http://169.254.169.254/metadata/instance/compute/userData?api-version=2021-01-01&format=text",
            calls[curl]);
    }

    [Fact]
    public async Task Boot_RulesAlreadyThere_AddsNone()
    {
        box.Stub("iptables");

        await box.RunAsync(Script());

        var iptables = box.Calls.Where(c => c.StartsWith("iptables", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(iptables);
        Assert.DoesNotContain(iptables, c => c.Contains(" -I ", StringComparison.Ordinal) || c.Contains(" -A ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Boot_NoIptablesButNft_ClosesTheMetadataServiceWithNftablesBeforeReadingUserData()
    {
        File.Delete(Path.Combine(box.Bin, "iptables"));
        box.Stub("nft", $"{ScriptSandbox.RealTool("cat")} >'{box.PathOf("nft-rules")}'");

        var (exitCode, output) = await box.RunAsync(Script());

        Assert.True(exitCode == 0, output);
        Assert.Equal("nft -f -", box.Calls[0]);
        Assert.StartsWith("curl ", box.Calls[1], StringComparison.Ordinal);
        var rules = File.ReadAllText(box.PathOf("nft-rules"));
        Assert.Contains("type filter hook output priority 0; policy accept;\n    ip daddr 169.254.169.254 meta skuid runner reject", rules, StringComparison.Ordinal);
        Assert.Contains("type filter hook forward priority 0; policy accept;\n    ip daddr 169.254.169.254 reject", rules, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Boot_NoFirewallTool_PowersOffWithoutReadingUserData()
    {
        File.Delete(Path.Combine(box.Bin, "iptables"));
        UserDataIs(UserData);

        var (exitCode, _) = await box.RunAsync(Script());

        Assert.NotEqual(0, exitCode);
        Assert.DoesNotContain(box.Calls, c => c.StartsWith("curl", StringComparison.Ordinal) || c.StartsWith("runuser", StringComparison.Ordinal));
        Assert.Equal("systemctl poweroff --no-block", box.Calls[^1]);
    }

    [Fact]
    public async Task Boot_MetadataServiceNeverAnswers_PowersOffWithoutStartingTheRunner()
    {
        box.Stub("curl", "exit 7");

        var (exitCode, output) = await box.RunAsync(Script());

        Assert.NotEqual(0, exitCode);
        Assert.Contains("did not give the VM's userData", output, StringComparison.Ordinal);
        Assert.DoesNotContain(box.Calls, c => c.StartsWith("runuser", StringComparison.Ordinal));
        Assert.Equal("systemctl poweroff --no-block", box.Calls[^1]);
    }

    [Theory]
    [InlineData("$(reboot)")]
    [InlineData("eyJh'; reboot; '")]
    [InlineData("eyJhYmMifQ")]
    [InlineData("eyJh\neyJh")]
    [InlineData("not base64 at all")]
    public async Task Boot_UserDataNotAJitConfig_PowersOffWithoutStartingTheRunner(string decoded)
    {
        UserDataIs(Convert.ToBase64String(Encoding.UTF8.GetBytes(decoded)));

        var (exitCode, output) = await box.RunAsync(Script());

        Assert.NotEqual(0, exitCode);
        Assert.Contains("does not hold a JIT config", output, StringComparison.Ordinal);
        Assert.DoesNotContain(box.Calls, c => c.StartsWith("runuser", StringComparison.Ordinal) || c.Contains("reboot", StringComparison.Ordinal));
        Assert.Equal("systemctl poweroff --no-block", box.Calls[^1]);
        Assert.False(File.Exists(box.PathOf("jitconfig")));
    }

    [Fact]
    public async Task Boot_UserDataNotBase64_PowersOffWithoutStartingTheRunner()
    {
        UserDataIs("%%% not base64 %%%");

        var (exitCode, _) = await box.RunAsync(Script());

        Assert.NotEqual(0, exitCode);
        Assert.DoesNotContain(box.Calls, c => c.StartsWith("runuser", StringComparison.Ordinal));
        Assert.Equal("systemctl poweroff --no-block", box.Calls[^1]);
    }

    [Fact]
    public async Task Boot_FirstBoot_WaitsForCloudInitToFinishBeforePoweringOff()
    {
        await box.RunAsync(Script());

        Assert.Equal(["cloud-init status --wait", "systemctl poweroff --no-block"], box.Calls.TakeLast(2));
    }

    [Fact]
    public async Task Boot_LaterBoot_PowersOffWithoutWaitingForCloudInit()
    {
        File.WriteAllText(box.PathOf("boot-finished"), "");

        await box.RunAsync(Script());

        Assert.DoesNotContain(box.Calls, c => c.StartsWith("cloud-init", StringComparison.Ordinal));
        Assert.Equal("systemctl poweroff --no-block", box.Calls[^1]);
    }

    private void UserDataIs(string text) => File.WriteAllText(box.PathOf("userdata"), text);

    /// <summary>The boot script of a standby document, its VM paths moved into the sandbox.</summary>
    private string Script()
    {
        var text = CloudInitBuilder.BuildStandby(Version, Url, new string('c', 64));
        var files = ((List<object>)new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(text)["write_files"]).Cast<Dictionary<object, object>>();
        var script = (string)files.Single(f => (string)f["path"] == CloudInitBuilder.StandbyBootScriptPath)["content"];
        return Relocated(script, box, ("/home/runner/actions-runner", "actions-runner"), ("/etc/scaler/jitconfig", "jitconfig"), ("/var/lib/cloud/instance/boot-finished", "boot-finished"));
    }

    /// <summary>Moves each <c>readonly NAME=path</c> of the script into the sandbox; fails when the script has no such line.</summary>
    internal static string Relocated(string script, ScriptSandbox box, params (string Path, string Into)[] moves)
    {
        foreach (var (path, into) in moves)
        {
            var line = $"={path}\n";
            Assert.Contains(line, script, StringComparison.Ordinal);
            script = script.Replace(line, $"={box.PathOf(into)}\n", StringComparison.Ordinal);
        }

        return script;
    }
}
