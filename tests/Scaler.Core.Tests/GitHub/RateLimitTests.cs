using Scaler.Core.Failures;
using Scaler.Core.GitHub;
using Scaler.Emulators.Common;
using Scaler.Emulators.GitHub.Faults;

namespace Scaler.Core.Tests.GitHub;

public sealed class RateLimitTests
{
    private const string OrgJitConfig = "/orgs/{org}/actions/runners/generate-jitconfig";
    private static readonly IReadOnlyList<string> Labels = ["linux"];

    [Fact]
    public async Task GenerateJitConfigAsync_429WithRetryAfter_ThrowsThrottledWithRetryAfter()
    {
        await using var github = await EmulatedGitHub.StartAsync();
        var runners = github.App();
        github.Emulator.Faults.Inject(new GitHubEndpoint("POST", OrgJitConfig), FaultRule.Throttle(TimeSpan.FromSeconds(30)));

        var error = await Assert.ThrowsAsync<AdapterException>(() =>
            runners.GenerateJitConfigAsync(EmulatedGitHub.OrgTarget(), "vm-429", Labels, 1, CancellationToken.None));

        Assert.Equal(FailureKind.Throttled, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
    }

    [Fact]
    public async Task ListRunnersAsync_AfterRateLimit_WaitsUntilRetryAfterOnSameCredential()
    {
        await using var github = await EmulatedGitHub.StartAsync();
        var runners = github.App();
        github.Emulator.Faults.Inject(new GitHubEndpoint("POST", OrgJitConfig), FaultRule.Throttle(TimeSpan.FromSeconds(30)));
        await Assert.ThrowsAsync<AdapterException>(() =>
            runners.GenerateJitConfigAsync(EmulatedGitHub.OrgTarget(), "vm-429", Labels, 1, CancellationToken.None));

        var list = runners.ListRunnersAsync(EmulatedGitHub.OrgTarget(), CancellationToken.None);
        github.Time.Advance(TimeSpan.FromSeconds(29));
        var waitedAt29Seconds = !list.IsCompleted;
        github.Time.Advance(TimeSpan.FromSeconds(1));
        await list;

        Assert.True(waitedAt29Seconds);
        Assert.Equal(1, github.Emulator.Counters.Calls(new GitHubEndpoint("GET", "/orgs/{org}/actions/runners")));
    }

    [Fact]
    public async Task ListRunnersAsync_PrimaryLimitSpent_ThrowsThrottledOn403()
    {
        await using var github = await EmulatedGitHub.StartAsync(o => o.PrimaryRequestsPerHour = 2);
        var runners = github.WithToken();
        await runners.ListRunnersAsync(EmulatedGitHub.OrgTarget(), CancellationToken.None);
        await runners.ListRunnersAsync(EmulatedGitHub.OrgTarget(), CancellationToken.None);

        var error = await Assert.ThrowsAsync<AdapterException>(() => runners.ListRunnersAsync(EmulatedGitHub.OrgTarget(), CancellationToken.None));

        Assert.Equal(FailureKind.Throttled, error.Kind);
        Assert.NotNull(error.RetryAfter);
        Assert.InRange(error.RetryAfter.Value, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(60));
    }

    [Fact]
    public void RetryAfter_NoRetryAfterButNothingRemaining_UsesRateLimitReset()
    {
        var now = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        var headers = new Dictionary<string, string>
        {
            ["X-RateLimit-Remaining"] = "0",
            ["X-RateLimit-Reset"] = now.AddSeconds(120).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        var retryAfter = GitHubFailures.RetryAfter(headers, now);

        Assert.Equal(TimeSpan.FromSeconds(120), retryAfter);
    }

    [Fact]
    public void RetryAfter_RemainingLeftAndNoRetryAfter_IsNull()
    {
        var headers = new Dictionary<string, string> { ["x-ratelimit-remaining"] = "10", ["x-ratelimit-reset"] = "1900000000" };

        Assert.Null(GitHubFailures.RetryAfter(headers, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public async Task GenerateJitConfigAsync_ServerError_ThrowsTransient()
    {
        await using var github = await EmulatedGitHub.StartAsync();
        var runners = github.App();
        github.Emulator.Faults.Inject(new GitHubEndpoint("POST", OrgJitConfig), FaultRule.Error(503));

        var error = await Assert.ThrowsAsync<AdapterException>(() =>
            runners.GenerateJitConfigAsync(EmulatedGitHub.OrgTarget(), "vm-503", Labels, 1, CancellationToken.None));

        Assert.Equal(FailureKind.Transient, error.Kind);
    }

    [Fact]
    public async Task GenerateJitConfigAsync_151stCallInAMinute_WaitsForTheFirstToAge()
    {
        await using var github = await EmulatedGitHub.StartAsync();
        var runners = github.App();
        for (var i = 0; i < 150; i++)
        {
            await runners.GenerateJitConfigAsync(EmulatedGitHub.OrgTarget(), $"vm-pace-{i}", Labels, 1, CancellationToken.None);
        }

        github.Time.Advance(TimeSpan.FromSeconds(59));
        var call151 = runners.GenerateJitConfigAsync(EmulatedGitHub.OrgTarget(), "vm-pace-150", Labels, 1, CancellationToken.None);
        var waited = !call151.IsCompleted;
        var callsWhileWaiting = github.JitCalls("/orgs/{org}");
        github.Time.Advance(TimeSpan.FromSeconds(1));
        await call151;

        Assert.True(waited);
        Assert.Equal(150, callsWhileWaiting);
        Assert.Equal(151, github.JitCalls("/orgs/{org}"));
    }

    [Fact]
    public async Task GenerateJitConfigAsync_PaceConfigured_HonoursSetting()
    {
        await using var github = await EmulatedGitHub.StartAsync();
        var runners = github.App(clientOptions: new GitHubClientOptions { JitConfigsPerMinute = 2 });
        await runners.GenerateJitConfigAsync(EmulatedGitHub.OrgTarget(), "vm-a", Labels, 1, CancellationToken.None);
        await runners.GenerateJitConfigAsync(EmulatedGitHub.OrgTarget(), "vm-b", Labels, 1, CancellationToken.None);

        var third = runners.GenerateJitConfigAsync(EmulatedGitHub.OrgTarget(), "vm-c", Labels, 1, CancellationToken.None);
        var list = runners.ListRunnersAsync(EmulatedGitHub.OrgTarget(), CancellationToken.None);
        var thirdWaited = !third.IsCompleted;
        var listed = await list;
        github.Time.Advance(TimeSpan.FromMinutes(1));
        await third;

        Assert.True(thirdWaited);
        Assert.Equal(2, listed.Count);
    }
}
