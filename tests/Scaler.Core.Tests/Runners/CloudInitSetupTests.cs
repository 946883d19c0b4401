using System.Text;
using Scaler.Core.Compute;
using Scaler.Core.Pools;
using Scaler.Core.Runners.CloudInit;
using YamlDotNet.Serialization;

namespace Scaler.Core.Tests.Runners;

/// <summary>What a pool's settings add to the cloud-init: packages, Docker, sudo, a setup script.</summary>
public class CloudInitSetupTests
{
    private const string Version = "2.330.0";
    private static readonly Uri Url = new($"https://github.com/actions/runner/releases/download/v{Version}/actions-runner-linux-x64-{Version}.tar.gz");
    private static readonly RunnerBoot Boot = new(Version, Url, new string('c', 64), Convert.ToBase64String(Encoding.UTF8.GetBytes("{\".runner\":\"x\"}")));

    [Fact]
    public void Build_DefaultPool_InstallsGitCurlJqAndDockerWithoutSudo()
    {
        var document = Parse(CloudInitBuilder.Build(Boot, RunnerSetup.For(new PoolOptions())));

        Assert.Equal(["git", "curl", "jq", "docker.io"], ((List<object>)document["packages"]).Cast<string>());
        Assert.False(User(document).ContainsKey("sudo"));
    }

    [Fact]
    public void Build_PoolWithRunnerSudo_GivesPasswordlessSudo()
    {
        var document = Parse(CloudInitBuilder.Build(Boot, RunnerSetup.For(new PoolOptions { RunnerSudo = true })));

        Assert.Equal("ALL=(ALL) NOPASSWD:ALL", User(document)["sudo"]);
    }

    [Fact]
    public void Build_PackagesNone_InstallsNothing()
    {
        var document = Parse(CloudInitBuilder.Build(Boot, RunnerSetup.For(new PoolOptions { Packages = ["none"] })));

        Assert.False(document.ContainsKey("packages"));
    }

    [Theory]
    [InlineData('€')]
    [InlineData('\u0001')]
    public void Build_LargestSetupScriptTheSettingsAccept_FitsInTheVmsCustomData(char filler)
    {
        // A printable three-byte character is written as text, a control character makes the file base64: each is
        // the largest form a script at the byte limit takes in the document.
        var fillerBytes = Encoding.UTF8.GetByteCount([filler]);
        var script = new string(filler, PoolOptionsValidator.MaxSetupScriptBytes / fillerBytes);
        script += new string('a', PoolOptionsValidator.MaxSetupScriptBytes - Encoding.UTF8.GetByteCount(script));
        var setup = RunnerSetup.For(new PoolOptions { SetupScript = script, RunnerSudo = true });
        var largeJitConfig = new RunnerBoot(Version, Url, new string('c', 64), Convert.ToBase64String(new byte[4096]));

        var fresh = VmDefinition.EncodeCustomData(CloudInitBuilder.Build(largeJitConfig, setup));
        var standby = VmDefinition.EncodeCustomData(CloudInitBuilder.BuildStandby(Version, Url, new string('c', 64), setup));

        Assert.InRange(fresh.Length, PoolOptionsValidator.MaxSetupScriptBytes, VmDefinition.MaxCustomDataBytes);
        Assert.InRange(standby.Length, PoolOptionsValidator.MaxSetupScriptBytes, VmDefinition.MaxCustomDataBytes);
    }

    [Fact]
    public void Build_SetupScript_IsARootOnlyFileTheStartScriptRuns()
    {
        var text = CloudInitBuilder.Build(Boot, RunnerSetup.For(new PoolOptions { SetupScript = "#!/bin/bash\napt-get install -y make\n" }));

        var files = ((List<object>)Parse(text)["write_files"]).Cast<Dictionary<object, object>>().ToList();
        var setup = Assert.Single(files, f => (string)f["path"] == CloudInitBuilder.SetupScriptPath);
        Assert.Equal(("0700", "root:root"), ((string)setup["permissions"], (string)setup["owner"]));
        Assert.Contains("apt-get install -y make", (string)setup["content"], StringComparison.Ordinal);
        var start = (string)files.Single(f => (string)f["path"] == CloudInitBuilder.StartScriptPath)["content"];
        Assert.Contains(CloudInitBuilder.SetupScriptPath, start, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Always_SkipsTheDownloadWhenTheImageHoldsTheCurrentRunner()
    {
        var start = (string)((List<object>)Parse(CloudInitBuilder.Build(Boot))["write_files"]).Cast<Dictionary<object, object>>()
            .Single(f => (string)f["path"] == CloudInitBuilder.StartScriptPath)["content"];

        Assert.Contains("Runner.Listener\" --version", start, StringComparison.Ordinal);
        Assert.Contains("is already in the image", start, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_FullSetup_PassesCloudInitSchema()
    {
        var setup = RunnerSetup.For(new PoolOptions { RunnerSudo = true, Packages = ["git", "build-essential"], SetupScript = "#!/bin/bash\necho ready\n" });

        var (exitCode, output) = await CloudInitSchema.ValidateAsync(CloudInitBuilder.Build(Boot, setup));

        Assert.True(exitCode == 0, output);
    }

    private static Dictionary<string, object> Parse(string text) => new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(text);

    private static Dictionary<object, object> User(Dictionary<string, object> document) =>
        ((List<object>)document["users"]).Cast<Dictionary<object, object>>().Single();
}
