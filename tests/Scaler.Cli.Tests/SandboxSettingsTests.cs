using Microsoft.Extensions.Configuration;
using Scaler.Cli.Configuration;
using Scaler.Cli.Sandbox;

namespace Scaler.Cli.Tests;

public sealed class SandboxSettingsTests
{
    [Fact]
    public void Create_Defaults_CacheTheRunnerReleaseForTwoSecondsAndPassTheChecks()
    {
        var settings = Create(new SandboxOptions());

        var report = SettingsCheck.Run(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

        Assert.Equal("00:00:02", settings["Scaler:RunnerUpdates:CacheFor"]);
        Assert.Empty(report.Errors);
    }

    [Fact]
    public void Create_RunnerReleaseCacheFor_IsTheCacheForSetting()
    {
        var settings = Create(new SandboxOptions { RunnerReleaseCacheFor = TimeSpan.FromMilliseconds(500) });

        Assert.Equal("00:00:00.5000000", settings["Scaler:RunnerUpdates:CacheFor"]);
    }

    private static Dictionary<string, string?> Create(SandboxOptions options) =>
        SandboxSettings.Create(options, "UseDevelopmentStorage=true", "sandbox-webhook-secret-0123456789", new Uri("http://127.0.0.1:1/"), new Uri("https://127.0.0.1:2/"), 4242, "-----BEGIN RSA PRIVATE KEY-----\nnot-a-key\n-----END RSA PRIVATE KEY-----");
}
