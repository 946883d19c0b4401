using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Scaler.Core.GitHub;
using Scaler.Core.Pools;
using Scaler.Core.RunnerUpdates;
using Scaler.Core.Tests.Fakes;

namespace Scaler.Core.Tests.RunnerUpdates;

public class RunnerVersionWatchTests
{
    private static readonly DateTimeOffset Published = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly FakeGitHubRunners github = new() { Latest = new RunnerReleaseInfo("2.330.0", Published) };
    private readonly FakeLogCollector logs = new();
    private readonly PoolOptions pool = new() { Name = "linux-x64", Owner = "contoso", Labels = ["linux"] };

    [Fact]
    public async Task Check_OlderRunnerWellInsideTheWindow_ReportsWithoutWarning()
    {
        await RegisterAsync("linux-x64-1", "2.329.0");

        var status = Assert.Single(await WatchAt(Published.AddDays(10)).CheckAsync(CancellationToken.None));

        Assert.Equal(("2.329.0", 1, false, false), (status.Version, status.Runners, status.Near, status.Missed));
        Assert.Equal(Published.AddDays(30), status.Deadline);
        Assert.Empty(logs.GetSnapshot());
    }

    [Fact]
    public async Task Check_SevenDaysBeforeTheDeadline_Warns()
    {
        await RegisterAsync("linux-x64-1", "2.329.0");

        var status = Assert.Single(await WatchAt(Published.AddDays(24)).CheckAsync(CancellationToken.None));

        Assert.True(status.Near);
        var log = Assert.Single(logs.GetSnapshot());
        Assert.Equal(("RunnerVersionDeadlineNear", Microsoft.Extensions.Logging.LogLevel.Warning), (log.Id.Name, log.Level));
    }

    [Fact]
    public async Task Check_PastTheDeadline_LogsAnError()
    {
        await RegisterAsync("linux-x64-1", "2.329.0");

        var status = Assert.Single(await WatchAt(Published.AddDays(31)).CheckAsync(CancellationToken.None));

        Assert.True(status.Missed);
        Assert.Equal("RunnerVersionDeadlineMissed", Assert.Single(logs.GetSnapshot()).Id.Name);
    }

    [Fact]
    public async Task Check_CurrentVersionAndOtherNames_AreIgnored()
    {
        await RegisterAsync("linux-x64-1", "2.330.0");
        await RegisterAsync("someone-elses-runner", "2.300.0");

        Assert.Empty(await WatchAt(Published.AddDays(40)).CheckAsync(CancellationToken.None));
    }

    private RunnerVersionWatch WatchAt(DateTimeOffset now) =>
        new(Options.Create(new ScalerOptions { Pools = [pool] }), github, new FakeTimeProvider(now), new FakeLogger<RunnerVersionWatch>(logs));

    private async Task RegisterAsync(string name, string version)
    {
        await github.GenerateJitConfigAsync(RunnerTarget.For(pool), name, ["self-hosted"], 1, CancellationToken.None);
        github.SetVersion(name, version);
    }
}
