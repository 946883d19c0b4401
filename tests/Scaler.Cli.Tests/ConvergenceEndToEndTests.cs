using Scaler.Cli.Sandbox;
using Scaler.Emulators.Arm.Faults;
using Scaler.Emulators.Common;
using Scaler.Emulators.GitHub.Faults;
using Scaler.Emulators.GitHub.Jobs;

namespace Scaler.Cli.Tests;

/// <summary>Faults leave VMs and registrations behind; once they stop, the reconciler clears them.</summary>
public sealed class ConvergenceEndToEndTests
{
    private const string DeleteOrgRunner = "/orgs/{org}/actions/runners/{runner_id}";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task AfterFaultsStop_TwoReconcileRuns_LeaveNoOrphanVmAndNoGhostRegistration()
    {
        // Lost events can leave a spare idle VM (made again for a job that ran elsewhere): a short idle timeout lets it go.
        var options = new SandboxOptions
        {
            LinuxMinIdle = 0, BootTimeout = TimeSpan.FromSeconds(10), ProvisioningGrace = TimeSpan.FromSeconds(5), IdleTimeout = TimeSpan.FromSeconds(3), ReconcilePeriod = TimeSpan.FromSeconds(1),
        };
        await using var sandbox = await Sandbox.Sandbox.StartAsync(options, CancellationToken.None);
        sandbox.Arm.Faults.FailNextBoots(1);
        var jobs = Enumerable.Range(0, 6)
            .Select(i => sandbox.GitHub.QueueJob(new JobRequest(i % 2 == 0 ? "contoso/api" : "contoso/web", ["self-hosted", "linux"]) { Duration = TimeSpan.FromSeconds(8) }))
            .ToList();
        await Eventually.TrueAsync(() => jobs.Count(j => sandbox.GitHub.GetJob(j.Id)!.Status == "in_progress") == 5, Within, "five jobs run; one waits for the VM that does not boot");

        // Every completed webhook is lost, and every deletion at GitHub and Azure fails.
        sandbox.GitHub.Faults.WebhookFault = new WebhookFault { DropRate = 1.0 };
        sandbox.GitHub.Faults.Inject(new GitHubEndpoint("DELETE", DeleteOrgRunner), FaultRule.Error(502));
        sandbox.Arm.Faults.Inject(ArmOperationKind.DeleteVirtualMachine, FaultRule.Error());
        var running = jobs.Where(j => sandbox.GitHub.GetJob(j.Id)!.Status == "in_progress").ToList();
        await Eventually.TrueAsync(() => running.All(j => sandbox.GitHub.GetJob(j.Id)!.Status == "completed"), Within, "the five jobs complete");
        Assert.NotEmpty(sandbox.Arm.VirtualMachines);

        sandbox.GitHub.Faults.ClearAll();
        sandbox.Arm.Faults.ClearAll();
        await Eventually.TrueAsync(() => jobs.All(j => sandbox.GitHub.GetJob(j.Id)!.Status == "completed"), Within, "the sixth job gets a VM and completes");
        await Eventually.TrueAsync(
            () => sandbox.Arm.VirtualMachines.All(v => DateTimeOffset.UtcNow - v.CreatedAt > options.ProvisioningGrace + options.IdleTimeout),
            Within,
            "every VM left is past the provisioning grace and, once online, the idle timeout");
        var runs = sandbox.ReconcileRuns;
        await Eventually.TrueAsync(() => sandbox.ReconcileRuns >= runs + 2, Within, "two more reconcile runs finish");

        Assert.Empty(sandbox.Arm.VirtualMachines);
        Assert.Empty(sandbox.GitHub.GetRunners());
        Assert.All(jobs, j => Assert.Equal("success", sandbox.GitHub.GetJob(j.Id)!.Conclusion));
    }
}
