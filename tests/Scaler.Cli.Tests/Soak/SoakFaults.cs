using Scaler.Emulators.Arm.Faults;
using Scaler.Emulators.Common;
using Scaler.Emulators.GitHub.Faults;

namespace Scaler.Cli.Tests.Soak;

/// <summary>
/// The faults a soak runs under, all through the emulators' fault API: a share of GitHub calls answer 5xx or a
/// secondary rate limit, a share of ARM writes are throttled or answer 500, webhooks are lost, duplicated and
/// reordered. <see cref="FaultSoak"/> adds the per-job faults (Spot evictions, Spot allocation failures, VMs that
/// never boot) while it plays the jobs.
/// </summary>
internal static class SoakFaults
{
    private const double Rate = 0.05;
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    public static void Inject(Sandbox.Sandbox sandbox)
    {
        var github = sandbox.GitHub.Faults;
        foreach (var endpoint in new[]
        {
            new GitHubEndpoint("POST", "/orgs/{org}/actions/runners/generate-jitconfig"),
            new GitHubEndpoint("GET", "/orgs/{org}/actions/runners"),
            new GitHubEndpoint("DELETE", "/orgs/{org}/actions/runners/{runner_id}"),
            new GitHubEndpoint("GET", "/repos/{owner}/{repo}/actions/jobs/{job_id}"),
            new GitHubEndpoint("POST", "/app/installations/{installation_id}/access_tokens"),
        })
        {
            github.Inject(endpoint, FaultRule.Error(502) with { Rate = Rate });
            github.Inject(endpoint, FaultRule.Throttle(RetryAfter) with { Rate = Rate / 2 });
        }

        github.WebhookFault = new WebhookFault { DropRate = Rate, DuplicateRate = Rate, ReorderRate = Rate };

        var arm = sandbox.Arm.Faults;
        foreach (var kind in new[] { ArmOperationKind.CreateOrUpdateVirtualMachine, ArmOperationKind.DeleteVirtualMachine, ArmOperationKind.ListVirtualMachines })
        {
            arm.Inject(kind, FaultRule.Throttle(RetryAfter) with { Rate = Rate });
            arm.Inject(kind, FaultRule.Error(500) with { Rate = Rate });
        }
    }

    public static void Clear(Sandbox.Sandbox sandbox)
    {
        sandbox.GitHub.Faults.ClearAll();
        sandbox.Arm.Faults.ClearAll();
    }
}
