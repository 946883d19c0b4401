using Octokit;
using Scaler.Emulators.Common;
using Scaler.Emulators.GitHub.Faults;
using Scaler.Emulators.GitHub.RateLimits;
using Scaler.Emulators.Tests.GitHub.Infrastructure;

namespace Scaler.Emulators.Tests.GitHub;

public sealed class SecondaryLimitTests
{
    private static readonly GitHubEndpoint ListRunners = new("GET", "/orgs/{org}/actions/runners");

    [Fact]
    public async Task GenerateJitConfig_181stWithinAMinute_IsRefusedWithRetryAfterUntilTheMinuteEnds()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var client = harness.PatClient();
        for (var i = 0; i < 180; i++)
        {
            await EmulatorHarness.GenerateJitConfigAsync(client, "orgs/acme", $"vm-{i}", "linux");
        }

        var refused = await Assert.ThrowsAnyAsync<ApiException>(() => EmulatorHarness.GenerateJitConfigAsync(client, "orgs/acme", "vm-180", "linux"));
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        var afterMinute = await EmulatorHarness.GenerateJitConfigAsync(client, "orgs/acme", "vm-180", "linux");

        Assert.Equal(429, (int)refused.StatusCode);
        Assert.Equal(["60"], RetryAfter(refused));
        Assert.Equal("vm-180", afterMinute.Runner.Name);
    }

    [Fact]
    public async Task GenerateJitConfig_SecondaryStatusForbidden_AnswersForbiddenWithRetryAfter()
    {
        await using var harness = await EmulatorHarness.StartAsync(o =>
        {
            o.SecondaryPointsPerMinute = 5;
            o.SecondaryLimitStatus = 403;
        });
        var client = harness.PatClient();
        await EmulatorHarness.GenerateJitConfigAsync(client, "orgs/acme", "vm-0", "linux");

        var refused = await Assert.ThrowsAnyAsync<ApiException>(() => EmulatorHarness.GenerateJitConfigAsync(client, "orgs/acme", "vm-1", "linux"));

        Assert.Equal(403, (int)refused.StatusCode);
        Assert.Contains("secondary rate limit", refused.Message, StringComparison.Ordinal);
        Assert.Equal(["60"], RetryAfter(refused));
    }

    [Fact]
    public async Task ListRunners_MoreInFlightThanAllowed_RefusesTheExtraRequestWhileTheOthersRun()
    {
        await using var harness = await EmulatorHarness.StartAsync(o => o.SecondaryMaxConcurrentRequests = 2);
        harness.Emulator.Faults.Inject(ListRunners, FaultRule.Delay(TimeSpan.FromMinutes(1)) with { Count = 2 });
        var client = harness.PatClient();
        var first = client.Actions.SelfHostedRunners.ListAllRunnersForOrganization("acme");
        var second = client.Actions.SelfHostedRunners.ListAllRunnersForOrganization("acme");
        Assert.True(SpinWait.SpinUntil(() => harness.Emulator.Counters.Calls(ListRunners) == 2, TimeSpan.FromSeconds(30)), "both requests should be in flight");

        var refused = await Assert.ThrowsAnyAsync<ApiException>(() => client.Actions.SelfHostedRunners.ListAllRunnersForOrganization("acme"));
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        await Task.WhenAll(first, second);
        var afterwards = await client.Actions.SelfHostedRunners.ListAllRunnersForOrganization("acme");

        Assert.Equal(429, (int)refused.StatusCode);
        Assert.Equal(["60"], RetryAfter(refused));
        Assert.Equal(1, harness.Emulator.Counters.Throttled(ListRunners));
        Assert.Equal(0, afterwards.TotalCount);
    }

    [Fact]
    public void TryEnter_HundredInFlight_RefusesTheNextUntilOneExits()
    {
        var limit = new ConcurrencyLimit(100);
        for (var i = 0; i < 100; i++)
        {
            Assert.True(limit.TryEnter("token-a"));
        }

        var hundredFirst = limit.TryEnter("token-a");
        var otherCaller = limit.TryEnter("token-b");
        limit.Exit("token-a");
        var afterExit = limit.TryEnter("token-a");

        Assert.False(hundredFirst);
        Assert.True(otherCaller);
        Assert.True(afterExit);
        Assert.Equal(100, limit.InFlight("token-a"));
    }

    private static IEnumerable<string> RetryAfter(ApiException error) =>
        error.HttpResponse.Headers.Where(h => h.Key.Equals("Retry-After", StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);
}
