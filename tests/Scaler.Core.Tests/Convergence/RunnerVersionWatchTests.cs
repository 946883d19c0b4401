using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Scaler.Core.Convergence;
using Scaler.Core.GitHub;
using Scaler.Core.Pools;
using Scaler.Core.Tests.Fakes;

namespace Scaler.Core.Tests.Convergence;

public class RunnerVersionWatchTests
{
    private static readonly DateTimeOffset P0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly FakeGitHubRunners github = new();
    private readonly FakeLogCollector logs = new();
    private readonly PoolOptions pool = new() { Name = "linux-x64", Owner = "contoso", Labels = ["linux"] };

    public RunnerVersionWatchTests()
    {
        // 2.330.0's deadline counts from 2.331.0 (P0 + 40 d), 2.331.0's from 2.332.0 (P0 + 50 d).
        github.Releases.Clear();
        github.Releases.AddRange([
            FakeGitHubRunners.Release("2.330.0", P0),
            FakeGitHubRunners.Release("2.331.0", P0.AddDays(10)),
            FakeGitHubRunners.Release("2.332.0", P0.AddDays(20)),
        ]);
    }

    [Fact]
    public async Task Check_SeveralNewerReleases_DeadlineCountsFromTheFirstNewerRelease()
    {
        await RegisterAsync("linux-x64-1", "2.330.0");
        await RegisterAsync("linux-x64-2", "2.330.0");
        await RegisterAsync("linux-x64-3", "2.331.0");

        var statuses = await WatchAt(P0.AddDays(25)).CheckAsync(CancellationToken.None);

        Assert.Equal(
            [("2.330.0", 2, P0.AddDays(40), false, false), ("2.331.0", 1, P0.AddDays(50), false, false)],
            statuses.Select(s => (s.Version, s.Runners, s.Deadline, s.Near, s.Missed)));
        Assert.Empty(logs.GetSnapshot());
    }

    [Fact]
    public async Task Check_FromSevenDaysBeforeTheDeadline_Warns()
    {
        await RegisterAsync("linux-x64-1", "2.330.0");

        var before = Assert.Single(await WatchAt(P0.AddDays(33) - TimeSpan.FromTicks(1)).CheckAsync(CancellationToken.None));
        Assert.Empty(logs.GetSnapshot());
        var from = Assert.Single(await WatchAt(P0.AddDays(33)).CheckAsync(CancellationToken.None));

        Assert.Equal((false, true), (before.Near, from.Near));
        var log = Assert.Single(logs.GetSnapshot());
        Assert.Equal((1600, "RunnerVersionDeadlineNear", LogLevel.Warning), (log.Id.Id, log.Id.Name, log.Level));
        Assert.Contains("2.331.0", log.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_AtTheDeadline_LogsAnError_WhileALaterVersionIsStillInside()
    {
        await RegisterAsync("linux-x64-1", "2.330.0");
        await RegisterAsync("linux-x64-2", "2.331.0");

        var justBefore = await WatchAt(P0.AddDays(40) - TimeSpan.FromTicks(1)).CheckAsync(CancellationToken.None);
        logs.Clear();
        var statuses = await WatchAt(P0.AddDays(40)).CheckAsync(CancellationToken.None);

        Assert.False(justBefore[0].Missed);
        Assert.Equal([("2.330.0", true, false), ("2.331.0", false, false)], statuses.Select(s => (s.Version, s.Missed, s.Near)));
        var log = Assert.Single(logs.GetSnapshot());
        Assert.Equal((1601, "RunnerVersionDeadlineMissed", LogLevel.Error), (log.Id.Id, log.Id.Name, log.Level));
    }

    [Fact]
    public async Task Check_NewestVersionUnpublishedReleasesAndOtherNames_AreIgnored()
    {
        github.Releases.Add(FakeGitHubRunners.Release("2.333.0", P0.AddDays(200)));
        await RegisterAsync("linux-x64-1", "2.332.0");
        await RegisterAsync("someone-elses-runner", "2.300.0");
        await RegisterAsync("linux-x64-2", "2.332.0");
        github.SetVersion("linux-x64-2", "");

        Assert.Empty(await WatchAt(P0.AddDays(100)).CheckAsync(CancellationToken.None));
    }

    private RunnerVersionWatch WatchAt(DateTimeOffset now) =>
        new(Options.Create(new ScalerOptions { Pools = [pool] }), github, new FakeTimeProvider(now), new FakeLogger<RunnerVersionWatch>(logs));

    private async Task RegisterAsync(string name, string version)
    {
        await github.GenerateJitConfigAsync(RunnerTarget.For(pool), name, ["self-hosted"], 1, CancellationToken.None);
        github.SetVersion(name, version);
    }
}
