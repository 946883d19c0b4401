using Microsoft.Extensions.Logging;
using Scaler.Cli.Sandbox;
using Scaler.Emulators.Arm.Faults;
using Scaler.Emulators.Arm.Recording;
using Scaler.Emulators.GitHub.Jobs;

namespace Scaler.Infrastructure.Tests;

/// <summary>
/// The app's real loop (the CLI's sandbox: scaler serve, the GitHub emulator and the ARM emulator) serves a job
/// through every path that touches Azure, and the runner role in the compiled template grants each ARM operation the
/// emulator recorded.
/// </summary>
public sealed class RunnerRoleLoopTests
{
    private const string RunnerGroup = $"/subscriptions/{Sandbox.SubscriptionId}/resourceGroups/runners";

    [Fact]
    public async Task RunnerRole_GrantsEveryArmOperationTheLoopPerforms_WithFallbacksAndAKeptUnhealthyVm()
    {
        var role = RbacActions.RunnerRole(await Deployment.Example);
        var standbyReady = new LogEventSignal("StandbyVmReady");
        await using var sandbox = await Sandbox.StartAsync(
            new SandboxOptions
            {
                LinuxMinIdle = 0, LinuxKeepUnhealthy = 1, LinuxStandbySize = 1, BootTimeout = TimeSpan.FromSeconds(5), ReconcilePeriod = TimeSpan.FromSeconds(1),
                Logging = l => l.SetMinimumLevel(LogLevel.Warning).AddProvider(standbyReady).AddFilter<LogEventSignal>(null, LogLevel.Information),
            },
            CancellationToken.None);

        // The first size is not offered and the first Spot allocation fails, so the app falls back to the next size and
        // then to a regular VM (deleting the failed one); that VM never boots, so reconcile keeps it deallocated and
        // tagged, and a new VM takes the job and is deleted when it is done.
        sandbox.Arm.Faults.MakeSkuUnavailable("Standard_D2ads_v5");
        sandbox.Arm.Faults.FailSpotAllocations(1);
        sandbox.Arm.Faults.FailNextBoots(1);
        // The pool keeps a standby VM: once it is ready, a second job starts it.
        sandbox.GitHub.QueueJob(new JobRequest("contoso/api", ["self-hosted", "linux", "x64"]) { Duration = TimeSpan.FromSeconds(1) });
        // The row is Standby before the app logs the VM ready, so the job below can claim it.
        await standbyReady.Logged.WaitAsync(TimeSpan.FromMinutes(3));
        sandbox.GitHub.QueueJob(new JobRequest("contoso/api", ["self-hosted", "linux", "x64"]) { Duration = TimeSpan.FromSeconds(1) });
        await WhenTheLoopHasPerformedEveryOperationAsync(sandbox);

        var served = sandbox.Arm.ServedOperations.Served;
        var creates = sandbox.Arm.ServedOperations.Count(ServedArmOperation.For(ArmOperationKind.CreateOrUpdateVirtualMachine, Sandbox.SubscriptionId, "runners"));
        Assert.True(creates >= 3, $"the size and Spot fallbacks each send another create; {creates} were sent");
        Assert.True(sandbox.Arm.Counters.VmsDeallocated >= 1, "the VM that never booted was kept deallocated");
        var refused = served.Select(o => (Operation: o, Action: RbacActions.For(o)))
            .Where(o => !RbacActions.NeedNoGrant.ContainsKey(o.Action) && !RbacActions.Grants(role, o.Action))
            .Select(o => $"{o.Operation} needs {o.Action}")
            .ToList();
        Assert.True(refused.Count == 0, "the runner role lacks:\n" + string.Join("\n", refused));
        Assert.Equal(RbacActions.PerformedByTheApp.Order(), served.Select(o => o.Kind).Distinct().Order());
        Assert.All(served.Where(o => !RbacActions.NeedNoGrant.ContainsKey(RbacActions.For(o))), o => Assert.Equal(RunnerGroup, o.Scope));
    }

    private static async Task WhenTheLoopHasPerformedEveryOperationAsync(Sandbox sandbox)
    {
        // A guard against a hang, not a measure: the loop needs a boot timeout and a few reconcile runs.
        using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await sandbox.Arm.ServedOperations.WhenServedAsync(RbacActions.PerformedByTheApp, hang.Token);
        }
        catch (OperationCanceledException) when (hang.IsCancellationRequested)
        {
            Assert.Fail("the loop never performed " + string.Join(", ", sandbox.Arm.ServedOperations.Missing(RbacActions.PerformedByTheApp)));
        }
    }
}
