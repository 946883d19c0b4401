using System.Text.Json.Nodes;
using Scaler.Core.Failures;
using Scaler.Core.Tests.Fakes;
using Scaler.Core.Tests.GitHub;
using Scaler.Emulators.Common;
using Scaler.Emulators.GitHub.Faults;
using Scaler.Tests.Shared;

namespace Scaler.Core.Tests.Telemetry;

/// <summary>
/// The paths that log the most, run end to end with every log level on: none of their log records holds the
/// webhook secret, a signature, a PAT, the App's private key, or an installation token or JIT config that was
/// actually issued during the run.
/// </summary>
public sealed class SecretsInLogsTests
{
    [Fact]
    public async Task Intake_EveryKindOfDelivery_LogsNoSecretOrSignature()
    {
        using var harness = new IntakeHarness();
        var queued = Payloads.Read("app.queued.json");
        var signatures = new List<string>();
        foreach (var body in Deliveries(queued))
        {
            var request = Payloads.Request("workflow_job", body);
            signatures.Add(request.Signature!);
            await harness.SendAsync(request);
        }

        var forged = Payloads.Sign(queued, "a secret the sender guessed wrong");
        await harness.SendAsync(Payloads.Request("workflow_job", queued, signature: forged));
        await harness.SendAsync(Payloads.Request("ping", Payloads.Read("ping.json")));

        LogSecrets.AssertNoneIn(harness.Logs.GetSnapshot(), [TestSettings.Secret, .. signatures, forged, forged["sha256=".Length..]]);
    }

    [Fact]
    public async Task Processor_ProvisionFailAndComplete_LogsNoJitConfigOrToken()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(101));
        harness.Vms.FailNext(new AdapterException(AdapterName.Compute, FailureKind.Invalid, "the VM could not be created"));
        await harness.ProcessAsync(harness.Queued(102));
        harness.GitHub.FailNext(new AdapterException(AdapterName.GitHub, FailureKind.Transient, "GitHub answered 502"));
        await Assert.ThrowsAnyAsync<Exception>(() => harness.ProcessAsync(harness.Queued(103)));
        await harness.ProcessAsync(harness.InProgress(101, "linux-x64-101"));
        await harness.ProcessAsync(harness.Completed(101, "linux-x64-101"));
        harness.Clock.Advance(TimeSpan.FromHours(1));
        await harness.Reconciler.ReconcileAsync(CancellationToken.None);

        Assert.NotEmpty(harness.GitHub.IssuedJitConfigs);
        LogSecrets.AssertNoneIn(harness.Logs.GetSnapshot(), [.. harness.GitHub.IssuedJitConfigs, "test-token", TestSettings.Secret]);
    }

    [Fact]
    public async Task GitHubAdapter_AgainstTheEmulator_LogsNoIssuedTokenJitConfigPatOrKey()
    {
        await using var github = await EmulatedGitHub.StartAsync();
        var app = github.App();
        var pat = github.WithToken();
        var jit = await app.GenerateJitConfigAsync(EmulatedGitHub.OrgTarget(installationId: null), "vm-log-1", ["linux"], 1, CancellationToken.None);
        await pat.GenerateJitConfigAsync(EmulatedGitHub.EnterpriseTarget(), "vm-log-2", ["linux"], 1, CancellationToken.None);
        await app.GenerateJitConfigAsync(EmulatedGitHub.RepoTarget(installationId: null), "vm-log-3", ["linux"], 1, CancellationToken.None);
        await Assert.ThrowsAsync<AdapterException>(() => app.GenerateJitConfigAsync(EmulatedGitHub.OrgTarget(), "vm-log-1", ["linux"], 1, CancellationToken.None));
        await app.ListRunnersAsync(EmulatedGitHub.OrgTarget(), CancellationToken.None);
        await app.GetRunnerAsync(EmulatedGitHub.OrgTarget(), jit.RunnerId, CancellationToken.None);
        await app.DeleteRunnerAsync(EmulatedGitHub.OrgTarget(), jit.RunnerId, CancellationToken.None);
        await app.GetJobAsync(EmulatedGitHub.RepoTarget(), 999, CancellationToken.None);
        await app.ListReleasesAsync(EmulatedGitHub.OrgTarget(), CancellationToken.None);
        github.Emulator.Faults.Inject(new GitHubEndpoint("POST", "/orgs/{org}/actions/runners/generate-jitconfig"), FaultRule.Throttle(TimeSpan.FromSeconds(5)));
        await Assert.ThrowsAsync<AdapterException>(() => app.GenerateJitConfigAsync(EmulatedGitHub.OrgTarget(), "vm-log-4", ["linux"], 1, CancellationToken.None));
        github.Time.Advance(TimeSpan.FromMinutes(56));
        await app.ListRunnersAsync(EmulatedGitHub.OrgTarget(), CancellationToken.None);

        var issued = github.Emulator.IssuedSecrets;
        Assert.Contains(issued, s => s.StartsWith("ghs_", StringComparison.Ordinal));
        Assert.Contains(jit.EncodedJitConfig, issued);
        LogSecrets.AssertNoneIn(github.Logs.GetSnapshot(), [.. issued, EmulatedGitHub.Pat, github.PrivateKeyPem, .. PemLines(github.PrivateKeyPem)]);
    }

    /// <summary>Signed deliveries that are queued, not routed, ignored as replays and rejected by the field rules.</summary>
    private static IEnumerable<byte[]> Deliveries(byte[] queued)
    {
        yield return queued;
        var notRouted = JsonNode.Parse(queued)!;
        notRouted["workflow_job"]!["labels"] = new JsonArray("self-hosted", "windows");
        yield return Payloads.Utf8(notRouted.ToJsonString());
        var replay = JsonNode.Parse(queued)!;
        replay["workflow_job"]!["created_at"] = "2026-11-01T00:00:00Z";
        yield return Payloads.Utf8(replay.ToJsonString());
        var badName = JsonNode.Parse(queued)!;
        badName["repository"]!["full_name"] = "contoso/a#b";
        yield return Payloads.Utf8(badName.ToJsonString());
        yield return Payloads.Utf8("{not json");
    }

    /// <summary>The key's base64 lines: a key logged in part would show one of them.</summary>
    private static IEnumerable<string> PemLines(string pem) =>
        pem.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => !l.StartsWith("-----", StringComparison.Ordinal));
}
