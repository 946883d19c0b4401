using System.Net;
using Octokit;
using Scaler.Emulators.Common;
using Scaler.Emulators.GitHub.Faults;
using Scaler.Emulators.Tests.GitHub.Infrastructure;

namespace Scaler.Emulators.Tests.GitHub;

public sealed class FaultAndCounterTests
{
    [Fact]
    public async Task ListRunners_ErrorRateOne_AnswersServerError()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Faults.Inject(new GitHubEndpoint("GET", "/api/v3/orgs/{org}/actions/runners"), FaultRule.Error(503));

        var error = await Assert.ThrowsAsync<ApiException>(() => harness.PatClient().Actions.SelfHostedRunners.ListAllRunnersForOrganization("acme"));
        harness.Emulator.Faults.ClearAll();
        var afterClear = await harness.PatClient().Actions.SelfHostedRunners.ListAllRunnersForOrganization("acme");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(0, afterClear.TotalCount);
    }

    [Fact]
    public async Task ListRunners_Latency_CompletesOnlyAfterClockAdvances()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Faults.Inject(new GitHubEndpoint("GET", "/orgs/{x}/actions/runners"), FaultRule.Delay(TimeSpan.FromSeconds(5)));
        var client = harness.PatClient();

        var call = client.Actions.SelfHostedRunners.ListAllRunnersForOrganization("acme");
        while (harness.Emulator.Counters.Calls(new GitHubEndpoint("GET", "/orgs/{org}/actions/runners")) == 0)
        {
            await Task.Yield();
        }

        var completedEarly = call.IsCompleted;

        // The server registers its delay on the fake clock a moment after counting the call: advance in
        // steps until the call completes, so the advance cannot come before the delay exists.
        for (var step = 0; step < 2000 && !call.IsCompleted; step++)
        {
            harness.Time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.WhenAny(call, Task.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System));
        }

        var result = await call;

        Assert.False(completedEarly);
        Assert.Equal(0, result.TotalCount);
    }

    [Fact]
    public async Task Counters_AfterCalls_CountPerEndpoint()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var client = harness.PatClient();

        await client.Actions.SelfHostedRunners.ListAllRunnersForOrganization("acme");
        await client.Actions.SelfHostedRunners.ListAllRunnersForOrganization("acme");
        await client.Actions.SelfHostedRunners.ListAllRunnersForRepository("acme", "app");

        Assert.Equal(2, harness.Emulator.Counters.Calls(new GitHubEndpoint("GET", "/orgs/{org}/actions/runners")));
        Assert.Equal(1, harness.Emulator.Counters.Calls(new GitHubEndpoint("get", "/repos/{owner}/{repo}/actions/runners")));
        Assert.Equal(0, harness.Emulator.Counters.Calls(new GitHubEndpoint("POST", "/orgs/{org}/actions/runners/generate-jitconfig")));
    }
}
