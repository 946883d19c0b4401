using System.Text;
using Scaler.Core.Provisioning.CloudInit;
using YamlDotNet.Serialization;

namespace Scaler.Core.Tests.Provisioning;

public sealed class CloudInitBuilderTests
{
    private const string Version = "2.330.0";
    private const string Sha256 = "af5c33fa94f3cc33b8e97937939136a6b04197e6dadfcfb3b6e33ae1bf41e79a";
    private static readonly Uri Url = new($"https://github.com/actions/runner/releases/download/v{Version}/actions-runner-linux-x64-{Version}.tar.gz");

    /// <summary>Shaped as generate-jitconfig's encoded_jit_config: base64 of a JSON map of base64 files.</summary>
    private static readonly string JitConfig = Convert.ToBase64String(Encoding.UTF8.GetBytes(
        """{".runner":"eyJhZ2VudElkIjoxfQ==",".credentials":"eyJzY2hlbWUiOiJPQXV0aCJ9",".credentials_rsaparams":"eyJkIjoiLi4uIn0="}"""));

    private static RunnerBoot Boot(string? jit = null) => new(Version, Url, Sha256, jit ?? JitConfig);

    [Fact]
    public void Build_ValidBoot_IsCloudConfigYaml()
    {
        var text = CloudInitBuilder.Build(Boot());

        Assert.StartsWith("#cloud-config\n", text, StringComparison.Ordinal);
        var document = Parse(text);
        Assert.Equal(["users", "disable_root", "ssh_pwauth", "write_files", "runcmd"], document.Keys);
    }

    [Fact]
    public void Build_ValidBoot_JitConfigInRunnerOwned0600FileWrittenAfterUsers()
    {
        var text = CloudInitBuilder.Build(Boot());

        var file = Files(Parse(text)).Single(f => (string)f["path"] == "/etc/scaler/jitconfig");
        Assert.Equal(JitConfig, ((string)file["content"]).TrimEnd('\n'));
        Assert.Equal("0600", file["permissions"]);
        Assert.Equal("runner:runner", file["owner"]);
        Assert.Equal("true", file["defer"]);
        Assert.Contains("permissions: '0600'", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ValidBoot_RunnerUserHasLockedPasswordAndNoSudo()
    {
        var users = (List<object>)Parse(CloudInitBuilder.Build(Boot()))["users"];

        var user = (Dictionary<object, object>)Assert.Single(users);
        Assert.Equal("runner", user["name"]);
        Assert.Equal("true", user["lock_passwd"]);
        Assert.False(user.ContainsKey("sudo"));
        Assert.False(user.ContainsKey("groups"));
    }

    [Fact]
    public void Build_ValidBoot_ScriptVerifiesDownloadRunsRunShAsRunnerAndPowersOff()
    {
        var document = Parse(CloudInitBuilder.Build(Boot()));

        var script = Files(document).Single(f => (string)f["path"] == "/opt/scaler/start-runner.sh");
        var content = (string)script["content"];
        Assert.Equal("0755", script["permissions"]);
        Assert.Contains($"readonly RUNNER_URL='{Url}'", content, StringComparison.Ordinal);
        Assert.Contains($"readonly RUNNER_SHA256='{Sha256}'", content, StringComparison.Ordinal);
        Assert.Contains("sha256sum --check --strict", content, StringComparison.Ordinal);
        Assert.Contains("ACTIONS_RUNNER_INPUT_JITCONFIG=$(cat \"$JIT_FILE\")\nrm -f \"$JIT_FILE\"", content, StringComparison.Ordinal);
        Assert.Contains("runuser -u \"$RUNNER_USER\" -- ./run.sh", content, StringComparison.Ordinal);
        Assert.Contains("systemctl poweroff", content, StringComparison.Ordinal);
        Assert.DoesNotContain("config.sh", content, StringComparison.Ordinal);
        Assert.DoesNotContain(JitConfig, content, StringComparison.Ordinal);
        var command = Assert.Single((List<object>)document["runcmd"]);
        Assert.Equal("/opt/scaler/start-runner.sh", ((List<object>)command)[^1]);
    }

    [Fact]
    public async Task Build_ValidBoot_PassesCloudInitSchema()
    {
        var (exitCode, output) = await CloudInitSchema.ValidateAsync(CloudInitBuilder.Build(Boot()));

        Assert.True(exitCode == 0, output);
        Assert.Contains("Valid cloud-config", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_ValidBoot_StartScriptIsValidBash()
    {
        var script = (string)Files(Parse(CloudInitBuilder.Build(Boot()))).Single(f => (string)f["path"] == "/opt/scaler/start-runner.sh")["content"];

        var (exitCode, output) = await BashSyntax.CheckAsync(script);

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task BuildPreview_Always_HasPlaceholderAndPassesCloudInitSchema()
    {
        var text = CloudInitBuilder.BuildPreview(Version, Url, Sha256);

        var (exitCode, output) = await CloudInitSchema.ValidateAsync(text);
        Assert.True(exitCode == 0, output);
        var file = Files(Parse(text)).Single(f => (string)f["path"] == "/etc/scaler/jitconfig");
        Assert.Equal(CloudInitBuilder.JitConfigPlaceholder, ((string)file["content"]).TrimEnd('\n'));
    }

    [Fact]
    public void Build_LargestJitConfig_CustomDataUnder64Kb()
    {
        var largest = new string('A', RunnerBoot.MaxJitConfigLength);

        var text = CloudInitBuilder.Build(Boot(largest));

        Assert.True(Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).Length < 64 * 1024);
    }

    [Fact]
    public void Build_Inputs_AreOnlyTheReleaseTheJitConfigAndThePoolsSettings()
    {
        var bootParameters = typeof(RunnerBoot).GetConstructors().Single().GetParameters().Select(p => p.Name);
        var builderParameters = typeof(CloudInitBuilder).GetMethods()
            .Where(m => m.DeclaringType == typeof(CloudInitBuilder))
            .SelectMany(m => m.GetParameters())
            .Select(p => (p.Name, p.ParameterType))
            .Distinct();

        Assert.Equal(["RunnerVersion", "DownloadUrl", "Sha256", "EncodedJitConfig"], bootParameters);
        Assert.Equal(
            [("boot", typeof(RunnerBoot)), ("setup", typeof(RunnerSetup)), ("runnerVersion", typeof(string)), ("downloadUrl", typeof(Uri)), ("sha256", typeof(string))],
            builderParameters);
        Assert.Equal(["Packages", "Sudo", "SetupScript"], typeof(RunnerSetup).GetConstructors().Single().GetParameters().Select(p => p.Name));
    }

    [Theory]
    [InlineData("2.330.0$(reboot)")]
    [InlineData("2.330.0'; reboot; '")]
    [InlineData("2.330.0\nruncmd: [reboot]")]
    [InlineData("v2.330.0")]
    [InlineData("2.330")]
    [InlineData("２.330.0")]
    public void Build_InvalidVersion_Refused(string version)
    {
        Assert.Throws<ArgumentException>(() => CloudInitBuilder.Build(Boot() with { RunnerVersion = version }));
        Assert.Throws<ArgumentException>(() => CloudInitBuilder.BuildPreview(version, Url, Sha256));
    }

    [Theory]
    [InlineData("http://github.com/actions/runner.tar.gz")]
    [InlineData("https://github.com/$(reboot)/runner.tar.gz")]
    [InlineData("https://github.com/a'b/runner.tar.gz")]
    [InlineData("https://github.com/a\nruncmd: [reboot]")]
    [InlineData("https://user:secret@github.com/runner.tar.gz")]
    [InlineData("https://github.com/runner.tar.gz#`reboot`")]
    [InlineData("https://github.com/runner.tar.gz?a=$(reboot)")]
    [InlineData("file:///etc/passwd")]
    public void Build_InvalidUrl_Refused(string url)
    {
        Assert.True(Uri.TryCreate(url, UriKind.RelativeOrAbsolute, out var uri), "the test needs a Uri");

        Assert.Throws<ArgumentException>(() => CloudInitBuilder.Build(Boot() with { DownloadUrl = uri! }));
    }

    [Theory]
    [InlineData("af5c33fa94f3cc33b8e97937939136a6b04197e6dadfcfb3b6e33ae1bf41e79")]
    [InlineData("af5c33fa94f3cc33b8e97937939136a6b04197e6dadfcfb3b6e33ae1bf41e79a$(reboot)")]
    [InlineData("zf5c33fa94f3cc33b8e97937939136a6b04197e6dadfcfb3b6e33ae1bf41e79a")]
    public void Build_InvalidSha256_Refused(string sha256) =>
        Assert.Throws<ArgumentException>(() => CloudInitBuilder.Build(Boot() with { Sha256 = sha256 }));

    [Theory]
    [InlineData("")]
    [InlineData("eyJh$(reboot)")]
    [InlineData("eyJh'; reboot; '")]
    [InlineData("eyJh\nruncmd: [reboot]\n")]
    [InlineData("eyJhYmMi fQ==")]
    [InlineData("eyJhYmMifQ=")]
    public void Build_InvalidJitConfig_RefusedWithoutEchoingIt(string jit)
    {
        var error = Assert.Throws<ArgumentException>(() => CloudInitBuilder.Build(Boot(jit)));

        if (jit.Length > 0)
        {
            Assert.DoesNotContain(jit, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ToString_Always_HidesJitConfig() =>
        Assert.DoesNotContain(JitConfig, Boot().ToString(), StringComparison.Ordinal);

    private static Dictionary<string, object> Parse(string text) =>
        new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(text);

    private static IEnumerable<Dictionary<object, object>> Files(Dictionary<string, object> document) =>
        ((List<object>)document["write_files"]).Cast<Dictionary<object, object>>();
}
