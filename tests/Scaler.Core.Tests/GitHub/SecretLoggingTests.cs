using Scaler.Core.Failures;
using Scaler.Core.GitHub;
using Scaler.Emulators.Common;
using Scaler.Emulators.GitHub.Faults;

namespace Scaler.Core.Tests.GitHub;

public sealed class SecretLoggingTests
{
    [Fact]
    public async Task AllOperations_AppAndPat_LogNoSecret()
    {
        await using var github = await EmulatedGitHub.StartAsync();
        var app = github.App();
        var pat = github.WithToken();
        var jits = new List<JitRunner>
        {
            await app.GenerateJitConfigAsync(EmulatedGitHub.OrgTarget(installationId: null), "vm-log-1", ["linux"], 1, CancellationToken.None),
            await pat.GenerateJitConfigAsync(EmulatedGitHub.EnterpriseTarget(), "vm-log-2", ["linux"], 1, CancellationToken.None),
        };
        await app.ListRunnersAsync(EmulatedGitHub.OrgTarget(), CancellationToken.None);
        await app.DeleteRunnerAsync(EmulatedGitHub.OrgTarget(), jits[0].RunnerId, CancellationToken.None);
        github.Emulator.Faults.Inject(new GitHubEndpoint("POST", "/orgs/{org}/actions/runners/generate-jitconfig"), FaultRule.Throttle(TimeSpan.FromSeconds(5)));
        await Assert.ThrowsAsync<AdapterException>(() => app.GenerateJitConfigAsync(EmulatedGitHub.OrgTarget(), "vm-log-3", ["linux"], 1, CancellationToken.None));
        github.Time.Advance(TimeSpan.FromMinutes(56));
        await app.ListRunnersAsync(EmulatedGitHub.OrgTarget(), CancellationToken.None);

        var lines = github.Logs.GetSnapshot()
            .Select(r => string.Join(" | ", r.Message, r.Exception?.ToString(), string.Join(",", r.StructuredState?.Select(kv => kv.Value) ?? [])))
            .ToList();

        Assert.NotEmpty(lines);
        Assert.Equal(2, github.TokenRequests);
        foreach (var line in lines)
        {
            Assert.DoesNotContain("ghs_", line, StringComparison.Ordinal);
            Assert.DoesNotContain("eyJ", line, StringComparison.Ordinal);
            Assert.DoesNotContain(EmulatedGitHub.Pat, line, StringComparison.Ordinal);
            Assert.DoesNotContain("PRIVATE KEY", line, StringComparison.Ordinal);
            Assert.All(jits, jit => Assert.DoesNotContain(jit.EncodedJitConfig, line, StringComparison.Ordinal));
        }
    }
}
