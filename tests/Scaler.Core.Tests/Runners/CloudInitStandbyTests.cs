using Scaler.Core.Pools;
using Scaler.Core.Runners.CloudInit;
using YamlDotNet.Serialization;

namespace Scaler.Core.Tests.Runners;

/// <summary>The standby VM's cloud-init document: what it holds and what it leaves out. Its scripts run for real in <see cref="StandbyBootScriptTests"/> and <see cref="StandbyPrepareScriptTests"/>.</summary>
public sealed class CloudInitStandbyTests
{
    private const string Version = "2.330.0";
    private const string Sha256 = "af5c33fa94f3cc33b8e97937939136a6b04197e6dadfcfb3b6e33ae1bf41e79a";
    private const string Signature = "sig=Zm9vYmFyYmF6cXV4%2Bc2lnbmF0dXJl%3D";
    private static readonly Uri Url = new($"https://github.com/actions/runner/releases/download/v{Version}/actions-runner-linux-x64-{Version}.tar.gz");
    private static readonly Uri SasUrl = new(
        $"https://scalerabc.blob.core.windows.net/runner-packages/{Version}/actions-runner-linux-x64-{Version}.tar.gz?sv=2025-01-05&se=2026-11-28T14%3A00%3A00Z&sr=b&sp=r&" + Signature);

    private static readonly RunnerSetup FullSetup = RunnerSetup.For(new PoolOptions { RunnerSudo = true, SetupScript = "#!/bin/bash\necho ready\n" });

    [Fact]
    public void BuildStandby_DefaultPool_HasTheUserPackagesScriptsAndUnitButNoJitConfig()
    {
        var text = CloudInitBuilder.BuildStandby(Version, Url, Sha256, RunnerSetup.For(new PoolOptions()));

        var document = Parse(text);
        Assert.Equal(["users", "disable_root", "ssh_pwauth", "package_update", "packages", "write_files", "runcmd"], document.Keys);
        Assert.Equal(["git", "curl", "jq", "docker.io"], ((List<object>)document["packages"]).Cast<string>());
        Assert.Equal(
            [
                ("/etc/scaler/runner-download", "root:root", "0600"),
                ("/opt/scaler/prepare-standby.sh", "root:root", "0700"),
                ("/opt/scaler/standby-boot.sh", "root:root", "0700"),
                ("/etc/systemd/system/scaler-standby.service", "root:root", "0644"),
            ],
            Files(document).Select(f => ((string)f["path"], (string)f["owner"], (string)f["permissions"])));
        Assert.All(Files(document), f => Assert.Equal("true", f["defer"]));
        Assert.DoesNotContain(CloudInitBuilder.JitConfigPlaceholder, text, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildStandby_Always_RuncmdRunsTheFirstBootScriptWithoutAShell()
    {
        var document = Parse(CloudInitBuilder.BuildStandby(Version, Url, Sha256));

        var command = Assert.Single((List<object>)document["runcmd"]);
        Assert.Equal([CloudInitBuilder.StandbyPrepareScriptPath], ((List<object>)command!).Cast<string>());
    }

    [Fact]
    public void BuildStandby_SasUrl_OnlyInRootOwned0600CurlConfig()
    {
        var text = CloudInitBuilder.BuildStandby(Version, SasUrl, Sha256, FullSetup);

        var config = Files(Parse(text)).Single(f => (string)f["path"] == CloudInitBuilder.DownloadConfigPath);
        Assert.Equal($"url = \"{SasUrl.OriginalString}\"\n", (string)config["content"]);
        Assert.Equal(("0600", "root:root"), ((string)config["permissions"], (string)config["owner"]));
        Assert.Equal(1, (text.Length - text.Replace(Signature, "", StringComparison.Ordinal).Length) / Signature.Length);
    }

    [Fact]
    public void BuildStandby_Always_HoldsTheUserDataAddressAsWritten()
    {
        var text = CloudInitBuilder.BuildStandby(Version, Url, Sha256, FullSetup);

        Assert.Contains("169.254.169.254/metadata/instance/compute/userData", text, StringComparison.Ordinal);
        Assert.Contains($"readonly USER_DATA_URL='{CloudInitBuilder.UserDataUrl}'", BootScript(text), StringComparison.Ordinal);
    }

    [Fact]
    public void BuildStandby_Always_BootUnitRunsAtEveryBootAfterTheNetwork()
    {
        var text = CloudInitBuilder.BuildStandby(Version, Url, Sha256);

        var unit = Content(text, CloudInitBuilder.StandbyUnitPath).Split('\n');
        Assert.Contains("Wants=network-online.target", unit);
        Assert.Contains("After=network-online.target", unit);
        Assert.Contains("WantedBy=multi-user.target", unit);
        Assert.Contains("ExecStart=/opt/scaler/standby-boot.sh", unit);
        Assert.Contains("Type=simple", unit);
        var prepare = Content(text, CloudInitBuilder.StandbyPrepareScriptPath);
        var enable = prepare.IndexOf("\nsystemctl enable scaler-standby.service\n", StringComparison.Ordinal);
        var start = prepare.IndexOf("\nsystemctl start --no-block scaler-standby.service\n", StringComparison.Ordinal);
        var install = prepare.IndexOf("sha256sum --check", StringComparison.Ordinal);
        Assert.True(install > 0 && enable > install && start > enable, prepare);
    }

    [Fact]
    public void BuildStandby_Always_ClosesTheMetadataServiceByOwnerBeforeReadingUserData()
    {
        var script = BootScript(CloudInitBuilder.BuildStandby(Version, Url, Sha256));

        var rule = script.IndexOf("iptables -w -I OUTPUT -d \"$IMDS\" -m owner --uid-owner \"$RUNNER_USER\" -j REJECT", StringComparison.Ordinal);
        var called = script.IndexOf("\nblock_metadata_service\n", StringComparison.Ordinal);
        var read = script.IndexOf("user_data=$(curl --noproxy '*'", StringComparison.Ordinal);
        Assert.True(rule > 0 && called > rule && read > called, script);
        Assert.Contains("readonly IMDS=169.254.169.254\n", script, StringComparison.Ordinal);
        Assert.Contains("readonly RUNNER_USER=runner\n", script, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildStandby_Always_SharesTheInstallAndTheStartWithTheFreshVm()
    {
        var standby = CloudInitBuilder.BuildStandby(Version, Url, Sha256);
        var fresh = Content(CloudInitBuilder.BuildPreview(Version, Url, Sha256), CloudInitBuilder.StartScriptPath);

        Assert.Contains(RunnerScriptParts.Install, fresh, StringComparison.Ordinal);
        Assert.Contains(RunnerScriptParts.Install, Content(standby, CloudInitBuilder.StandbyPrepareScriptPath), StringComparison.Ordinal);
        Assert.DoesNotContain(RunnerScriptParts.Install, BootScript(standby), StringComparison.Ordinal);
        Assert.Contains(RunnerScriptParts.Start, fresh, StringComparison.Ordinal);
        Assert.Contains(RunnerScriptParts.Start, BootScript(standby), StringComparison.Ordinal);
        Assert.DoesNotContain(RunnerScriptParts.Start, Content(standby, CloudInitBuilder.StandbyPrepareScriptPath), StringComparison.Ordinal);
    }

    [Fact]
    public void BuildStandby_SetupScript_IsTheRootOnlyFileTheFirstBootRuns()
    {
        var text = CloudInitBuilder.BuildStandby(Version, Url, Sha256, FullSetup);

        var setup = Files(Parse(text)).Single(f => (string)f["path"] == CloudInitBuilder.SetupScriptPath);
        Assert.Equal(("0700", "root:root"), ((string)setup["permissions"], (string)setup["owner"]));
        Assert.Equal("ALL=(ALL) NOPASSWD:ALL", ((List<object>)Parse(text)["users"]).Cast<Dictionary<object, object>>().Single()["sudo"]);
        Assert.Contains("/opt/scaler/setup.sh", Content(text, CloudInitBuilder.StandbyPrepareScriptPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildStandby_FullSetupAndSasUrl_PassesCloudInitSchema()
    {
        var (exitCode, output) = await CloudInitSchema.ValidateAsync(CloudInitBuilder.BuildStandby(Version, SasUrl, Sha256, FullSetup));

        Assert.True(exitCode == 0, output);
        Assert.Contains("Valid cloud-config", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildStandby_NoSetup_PassesCloudInitSchema()
    {
        var (exitCode, output) = await CloudInitSchema.ValidateAsync(CloudInitBuilder.BuildStandby(Version, Url, Sha256));

        Assert.True(exitCode == 0, output);
    }

    [Theory]
    [InlineData(CloudInitBuilder.StandbyPrepareScriptPath)]
    [InlineData(CloudInitBuilder.StandbyBootScriptPath)]
    public async Task BuildStandby_Always_ScriptsAreValidBash(string path)
    {
        var (exitCode, output) = await BashSyntax.CheckAsync(Content(CloudInitBuilder.BuildStandby(Version, SasUrl, Sha256, FullSetup), path));

        Assert.True(exitCode == 0, output);
    }

    [Theory]
    [InlineData("2.330.0$(reboot)", "https://github.com/actions/runner.tar.gz", Sha256)]
    [InlineData("2.330.0", "https://github.com/a'b/runner.tar.gz", Sha256)]
    [InlineData("2.330.0", "http://github.com/actions/runner.tar.gz", Sha256)]
    [InlineData("2.330.0", "https://github.com/actions/runner.tar.gz", "af5c33fa94f3cc33b8e97937939136a6b04197e6dadfcfb3b6e33ae1bf41e79a$(reboot)")]
    public void BuildStandby_InvalidRelease_Refused(string version, string url, string sha256) =>
        Assert.Throws<ArgumentException>(() => CloudInitBuilder.BuildStandby(version, new Uri(url), sha256));

    private static string BootScript(string text) => Content(text, CloudInitBuilder.StandbyBootScriptPath);

    private static string Content(string text, string path) => (string)Files(Parse(text)).Single(f => (string)f["path"] == path)["content"];

    private static Dictionary<string, object> Parse(string text) =>
        new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(text);

    private static IEnumerable<Dictionary<object, object>> Files(Dictionary<string, object> document) =>
        ((List<object>)document["write_files"]).Cast<Dictionary<object, object>>();
}
