using Octokit;
using Scaler.Emulators.Common;
using Scaler.Emulators.GitHub.Faults;
using Scaler.Emulators.Tests.GitHub.Infrastructure;

namespace Scaler.Emulators.Tests.GitHub;

public sealed class RateLimitTests
{
    [Fact]
    public async Task ListRunners_PrimaryQuotaUsed_ThrowsRateLimitExceededUntilReset()
    {
        await using var harness = await EmulatorHarness.StartAsync(o => o.PrimaryRequestsPerHour = 3);
        var client = harness.PatClient();
        for (var i = 0; i < 3; i++)
        {
            await client.Actions.SelfHostedRunners.ListAllRunnersForOrganization("acme");
        }

        var error = await Assert.ThrowsAsync<RateLimitExceededException>(() => client.Actions.SelfHostedRunners.ListAllRunnersForOrganization("acme"));
        harness.Time.Advance(TimeSpan.FromHours(1));
        await client.Actions.SelfHostedRunners.ListAllRunnersForOrganization("acme");

        Assert.Equal(0, error.Remaining);
        Assert.Equal(3, error.Limit);
        Assert.Equal(EmulatorHarness.Start.AddHours(1), error.Reset);
    }

    [Fact]
    public async Task ListRunners_WithinQuota_SendsRateLimitHeaders()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var client = harness.PatClient();

        await client.Actions.SelfHostedRunners.ListAllRunnersForOrganization("acme");
        var info = client.GetLastApiInfo().RateLimit;

        Assert.Equal(5000, info.Limit);
        Assert.Equal(4999, info.Remaining);
    }

    [Fact]
    public async Task CreateRegistrationToken_SecondaryPointsUsed_ThrowsWithRetryAfter()
    {
        await using var harness = await EmulatorHarness.StartAsync(o => o.SecondaryPointsPerMinute = 10);
        var client = harness.PatClient();
        await client.Actions.SelfHostedRunners.CreateOrganizationRegistrationToken("acme");
        await client.Actions.SelfHostedRunners.CreateOrganizationRegistrationToken("acme");

        var error = await Assert.ThrowsAnyAsync<ApiException>(() => client.Actions.SelfHostedRunners.CreateOrganizationRegistrationToken("acme"));
        var otherEndpoint = await client.Actions.SelfHostedRunners.ListAllRunnersForOrganization("acme");
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        await client.Actions.SelfHostedRunners.CreateOrganizationRegistrationToken("acme");

        Assert.Equal(429, (int)error.StatusCode);
        Assert.Contains("secondary rate limit", error.Message, StringComparison.Ordinal);
        Assert.Equal(["60"], error.HttpResponse.Headers.Where(h => h.Key.Equals("Retry-After", StringComparison.OrdinalIgnoreCase)).Select(h => h.Value));
        Assert.Equal(0, otherEndpoint.TotalCount);
    }

    [Fact]
    public async Task ListRunners_ForcedRateLimitFault_AnswersTooManyRequestsWithGivenRetryAfter()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Faults.Inject(new GitHubEndpoint("GET", "/orgs/{org}/actions/runners"), FaultRule.Throttle(TimeSpan.FromSeconds(30)));

        var error = await Assert.ThrowsAnyAsync<ApiException>(() => harness.PatClient().Actions.SelfHostedRunners.ListAllRunnersForOrganization("acme"));

        Assert.Equal(429, (int)error.StatusCode);
        Assert.Equal(["30"], error.HttpResponse.Headers.Where(h => h.Key.Equals("Retry-After", StringComparison.OrdinalIgnoreCase)).Select(h => h.Value));
    }
}
