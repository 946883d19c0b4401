using Scaler.Cli.Commands;
using Scaler.Core.Pools;
using Scaler.Core.Runners.CloudInit;
using YamlDotNet.RepresentationModel;

namespace Scaler.Cli.Tests;

public sealed class CloudInitCommandTests : IDisposable
{
    private readonly SettingsFiles files = new();

    public void Dispose() => files.Dispose();

    [Fact]
    public async Task CloudInit_KnownPool_PrintsCloudConfigYamlWithThePlaceholder()
    {
        var path = files.Write("valid.json", SettingsFiles.Valid());

        var run = await CommandLine.RunAsync("cloud-init", "--settings", path, "--pool", "linux-x64");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("#cloud-config\n", run.Output, StringComparison.Ordinal);
        var yaml = new YamlStream();
        yaml.Load(new StringReader(run.Output));
        var root = Assert.IsType<YamlMappingNode>(yaml.Documents[0].RootNode);
        var written = Assert.IsType<YamlSequenceNode>(root.Children[new YamlScalarNode("write_files")]);
        Assert.Contains(written.Children, f => ((YamlMappingNode)f).Children[new YamlScalarNode("content")].ToString() == CloudInitBuilder.JitConfigPlaceholder);
        Assert.Contains($"actions-runner-linux-x64-{CloudInitCommand.DefaultRunnerVersion}.tar.gz", run.Output, StringComparison.Ordinal);
        Assert.Contains(CloudInitCommand.PlaceholderSha256, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CloudInit_Standby_PrintsTheStandbyDocumentWithoutAJitConfig()
    {
        var path = files.Write("valid.json", SettingsFiles.Valid());

        var run = await CommandLine.RunAsync("cloud-init", "--settings", path, "--pool", "linux-x64", "--standby");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(CloudInitBuilder.BuildStandby(CloudInitCommand.DefaultRunnerVersion, CloudInitCommand.DefaultDownloadUrl(CloudInitCommand.DefaultRunnerVersion), CloudInitCommand.PlaceholderSha256, RunnerSetup.For(new PoolOptions())), run.Output);
        var yaml = new YamlStream();
        yaml.Load(new StringReader(run.Output));
        var root = Assert.IsType<YamlMappingNode>(yaml.Documents[0].RootNode);
        var written = Assert.IsType<YamlSequenceNode>(root.Children[new YamlScalarNode("write_files")]);
        var paths = written.Children.Select(f => ((YamlMappingNode)f).Children[new YamlScalarNode("path")].ToString()).ToList();
        Assert.Contains(CloudInitBuilder.StandbyUnitPath, paths);
        Assert.DoesNotContain(CloudInitBuilder.JitConfigPath, paths);
        Assert.DoesNotContain(CloudInitBuilder.JitConfigPlaceholder, run.Output, StringComparison.Ordinal);
        Assert.Contains("169.254.169.254/metadata/instance/compute/userData", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CloudInit_RunnerVersionGiven_UsesItsTarball()
    {
        var path = files.Write("valid.json", SettingsFiles.Valid());

        var run = await CommandLine.RunAsync("cloud-init", "--settings", path, "--pool", "linux-x64", "--runner-version", "2.331.0");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("releases/download/v2.331.0/actions-runner-linux-x64-2.331.0.tar.gz", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CloudInit_UnknownPool_ExitsOneListingKnownPools()
    {
        var path = files.Write("valid.json", SettingsFiles.Valid());

        var run = await CommandLine.RunAsync("cloud-init", "--settings", path, "--pool", "arm64");

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Output);
        Assert.Contains("Unknown pool 'arm64'", run.Error, StringComparison.Ordinal);
        Assert.Contains("linux-x64", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CloudInit_InvalidRunnerVersion_ExitsOne()
    {
        var path = files.Write("valid.json", SettingsFiles.Valid());

        var run = await CommandLine.RunAsync("cloud-init", "--settings", path, "--pool", "linux-x64", "--runner-version", "latest");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("runner version", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CloudInit_MissingFile_ExitsOne()
    {
        var run = await CommandLine.RunAsync("cloud-init", "--settings", files.PathOf("absent.json"), "--pool", "linux-x64");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("does not exist", run.Error, StringComparison.Ordinal);
    }
}
