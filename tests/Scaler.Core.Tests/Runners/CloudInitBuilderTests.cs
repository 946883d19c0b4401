using System.Text;
using Scaler.Core.Runners.CloudInit;
using YamlDotNet.Serialization;

namespace Scaler.Core.Tests.Runners;

public sealed class CloudInitBuilderTests
{
    private const string Version = "2.330.0";
    private const string Sha256 = "af5c33fa94f3cc33b8e97937939136a6b04197e6dadfcfb3b6e33ae1bf41e79a";
    private static readonly Uri Url = new($"https://github.com/actions/runner/releases/download/v{Version}/actions-runner-linux-x64-{Version}.tar.gz");

    /// <summary>Shaped as generate-jitconfig's encoded_jit_config: base64 of a JSON map of base64 files.</summary>
    private static readonly string JitConfig = Convert.ToBase64String(Encoding.UTF8.GetBytes(
        """{".runner":"eyJhZ2VudElkIjoxfQ==",".credentials":"eyJzY2hlbWUiOiJPQXV0aCJ9",".credentials_rsaparams":"eyJkIjoiLi4uIn0="}"""));

    /// <summary>Shaped as a user delegation SAS of the mirror; <see cref="Signature"/> is its credential.</summary>
    private const string Signature = "sig=Zm9vYmFyYmF6cXV4%2Bc2lnbmF0dXJl%3D";

    private static readonly Uri SasUrl = new(
        $"https://scalerabc.blob.core.windows.net/runner-packages/{Version}/actions-runner-linux-x64-{Version}.tar.gz"
        + "?sv=2025-01-05&st=2026-11-28T09%3A55%3A00Z&se=2026-11-28T14%3A00%3A00Z&skoid=00000000-0000-0000-0000-000000000001"
        + "&sktid=00000000-0000-0000-0000-000000000002&skt=2026-11-28T09%3A55%3A00Z&ske=2026-11-29T10%3A00%3A00Z&sks=b&skv=2025-01-05"
        + "&spr=https&sr=b&sp=r&" + Signature);

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
        Assert.Contains("--config \"$DOWNLOAD_CONFIG\" --output \"$tarball\"", content, StringComparison.Ordinal);
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
    public void Build_SasUrl_OnlyInRootOwned0600CurlConfig()
    {
        var text = CloudInitBuilder.Build(Boot() with { DownloadUrl = SasUrl });

        var document = Parse(text);
        var config = Files(document).Single(f => (string)f["path"] == "/etc/scaler/runner-download");
        Assert.Equal($"url = \"{SasUrl.OriginalString}\"\n", (string)config["content"]);
        Assert.Equal(("0600", "root:root"), (config["permissions"], config["owner"]));
        Assert.Single(Files(document), f => ((string)f["content"]).Contains(Signature, StringComparison.Ordinal));
        Assert.Equal(1, Occurrences(text, Signature));
        Assert.DoesNotContain(Signature, string.Join(' ', ((List<object>)document["runcmd"]).SelectMany(c => (List<object>)c)), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ValidBoot_ScriptHandsCurlTheConfigFileAndRemovesIt()
    {
        var script = StartScript(CloudInitBuilder.Build(Boot() with { DownloadUrl = SasUrl }));

        var curl = script[script.IndexOf("curl ", StringComparison.Ordinal)..script.IndexOf("sha256sum", StringComparison.Ordinal)];
        Assert.Contains("--proto '=https'", curl, StringComparison.Ordinal);
        Assert.Contains("--config \"$DOWNLOAD_CONFIG\"", curl, StringComparison.Ordinal);
        Assert.DoesNotContain("http", curl.Replace("'=https'", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("readonly DOWNLOAD_CONFIG=/etc/scaler/runner-download", script, StringComparison.Ordinal);
        Assert.Contains("rm -f \"$JIT_FILE\" \"$DOWNLOAD_CONFIG\"", script, StringComparison.Ordinal);
        var removed = script.IndexOf("fi\nrm -f \"$DOWNLOAD_CONFIG\"", StringComparison.Ordinal);
        Assert.InRange(removed, 0, script.IndexOf("./run.sh", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Build_SasUrl_StartScriptIsValidBashAndPassesCloudInitSchema()
    {
        var text = CloudInitBuilder.Build(Boot() with { DownloadUrl = SasUrl });

        var (bashExit, bashOutput) = await BashSyntax.CheckAsync(StartScript(text));
        var (schemaExit, schemaOutput) = await CloudInitSchema.ValidateAsync(text);

        Assert.True(bashExit == 0, bashOutput);
        Assert.True(schemaExit == 0, schemaOutput);
    }

    [Fact]
    public void ToString_SasUrl_HidesTheQuery()
    {
        var boot = Boot() with { DownloadUrl = SasUrl };
        var release = new Scaler.Core.RunnerUpdates.RunnerRelease(Version, SasUrl, Sha256);

        Assert.DoesNotContain(Signature, boot.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Signature, release.ToString(), StringComparison.Ordinal);
        Assert.Contains(SasUrl.GetLeftPart(UriPartial.Path), boot.ToString(), StringComparison.Ordinal);
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

    private static string StartScript(string text) =>
        (string)Files(Parse(text)).Single(f => (string)f["path"] == "/opt/scaler/start-runner.sh")["content"];

    private static int Occurrences(string text, string value) =>
        (text.Length - text.Replace(value, "", StringComparison.Ordinal).Length) / value.Length;

    private static Dictionary<string, object> Parse(string text) =>
        new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(text);

    private static IEnumerable<Dictionary<object, object>> Files(Dictionary<string, object> document) =>
        ((List<object>)document["write_files"]).Cast<Dictionary<object, object>>();
}
