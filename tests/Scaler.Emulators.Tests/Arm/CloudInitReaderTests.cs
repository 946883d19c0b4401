using Scaler.Emulators.Arm.Boot;

namespace Scaler.Emulators.Tests.Arm;

public sealed class CloudInitReaderTests
{
    [Fact]
    public void ReadsUserDataAtBoot_StandbyBootUnit_True()
    {
        Assert.True(CloudInitReader.ReadsUserDataAtBoot(CloudInitSamples.Standby()));
        Assert.True(CloudInitReader.ReadsUserDataAtBoot(CloudInitSamples.StandbyBase64()));
        Assert.Null(CloudInitReader.Read(CloudInitSamples.Standby()).JitConfig);
        Assert.Equal(CloudInitSamples.Version, CloudInitReader.Read(CloudInitSamples.Standby()).RunnerVersion);
    }

    [Fact]
    public void ReadsUserDataAtBoot_FreshVmWithJitConfig_False()
    {
        Assert.False(CloudInitReader.ReadsUserDataAtBoot(CloudInitSamples.PlainWriteFiles()));
        Assert.False(CloudInitReader.ReadsUserDataAtBoot(CloudInitSamples.Base64WriteFiles()));
        Assert.False(CloudInitReader.ReadsUserDataAtBoot(null));
    }

    [Fact]
    public void Read_PlainWriteFiles_FindsJitConfigAndVersion()
    {
        var info = CloudInitReader.Read(CloudInitSamples.PlainWriteFiles());

        Assert.Equal(CloudInitSamples.JitConfig, info.JitConfig);
        Assert.Equal(CloudInitSamples.Version, info.RunnerVersion);
    }

    [Fact]
    public void Read_Base64WriteFiles_FindsJitConfigAndVersionInDecodedContent()
    {
        var info = CloudInitReader.Read(CloudInitSamples.Base64WriteFiles());

        Assert.Equal(CloudInitSamples.JitConfig, info.JitConfig);
        Assert.Equal(CloudInitSamples.Version, info.RunnerVersion);
    }

    [Fact]
    public void Read_FileWhoseContentIsTheJitConfigBase64Encoded_FindsIt()
    {
        var cloudInit = $"""
            #cloud-config
            write_files:
              - path: /opt/runner/jitconfig
                encoding: base64
                content: {CloudInitSamples.Base64(CloudInitSamples.JitConfig)}
            """;

        Assert.Equal(CloudInitSamples.JitConfig, CloudInitReader.Read(cloudInit).JitConfig);
    }

    [Theory]
    [InlineData("- ACTIONS_RUNNER_INPUT_JITCONFIG={0} /opt/runner/run.sh")]
    [InlineData("- /opt/runner/run.sh --jitconfig={0}")]
    [InlineData("- [ /opt/runner/run.sh, --jitconfig, \"{0}\" ]")]
    public void Read_JitConfigInRuncmd_FindsIt(string runcmdEntry)
    {
        var cloudInit = "#cloud-config\nruncmd:\n  " + string.Format(System.Globalization.CultureInfo.InvariantCulture, runcmdEntry, CloudInitSamples.JitConfig) + "\n";

        Assert.Equal(CloudInitSamples.JitConfig, CloudInitReader.Read(cloudInit).JitConfig);
    }

    [Fact]
    public void Read_Base64OfJsonWithoutRunnerKey_FindsNoJitConfig()
    {
        var cloudInit = $"""
            #cloud-config
            write_files:
              - path: /etc/settings.json
                content: {CloudInitSamples.Base64("{\"other\":1}")}
            """;

        var info = CloudInitReader.Read(cloudInit);

        Assert.Null(info.JitConfig);
        Assert.Null(info.RunnerVersion);
    }

    [Theory]
    [InlineData("#!/bin/bash\necho not cloud-config")]
    [InlineData("#cloud-config\nwrite_files: [unclosed")]
    [InlineData("")]
    public void Read_NotReadableCloudConfig_FindsNothing(string text)
    {
        var info = CloudInitReader.Read(text);

        Assert.Null(info.JitConfig);
        Assert.Null(info.RunnerVersion);
    }
}
