using Microsoft.Extensions.Logging;
using Scaler.Core.Compute;
using Scaler.Core.Failures;
using Scaler.Core.GitHub;
using Scaler.Core.Pools;
using Scaler.Core.RunnerUpdates;
using Scaler.Core.State;
using Scaler.Core.Telemetry;

namespace Scaler.Core.Runners;

/// <summary>
/// A pool's standby VMs: created with no runner registered (<see cref="PrepareAsync"/>), their first boot installs the
/// runner and powers them off, and they are deallocated (<see cref="ShelveAsync"/>). A job claims one
/// (<see cref="ClaimAsync"/>) and starts it with its runner's JIT config in the VM's <c>userData</c>
/// (<see cref="StartAsync"/>), which is cleared once the runner is online (<see cref="ClearUserDataAsync"/>). Each
/// serves one job and is deleted after it, as every runner VM is.
/// </summary>
public sealed class StandbyVms(
    ICapacity capacity,
    IRunnerVms vms,
    IRunnerReleases releases,
    IRunnerBootstrap bootstrap,
    RunnerProvisioner provisioner,
    ScalerMetrics metrics,
    TimeProvider time,
    ILogger<StandbyVms> logger)
{
    /// <summary>Starts creating a standby VM with the current release; its capacity unit must already be claimed.</summary>
    public async Task PrepareAsync(PoolOptions pool, string vmName, CancellationToken cancellationToken)
    {
        var release = await releases.GetCurrentAsync(pool, cancellationToken);
        await provisioner.UpdateRecordAsync(pool, vmName, r => r with { State = RunnerState.Preparing, RunnerVersion = release.Version, Image = pool.Image }, cancellationToken);
        var request = RunnerProvisioner.Request(pool, vmName, bootstrap.CreateStandbyCustomData(pool, release), RunnerTags.ForStandby(pool, time.GetUtcNow(), release.Version));
        var started = await provisioner.StartAttemptsAsync(pool, request, VmAttempt.First(request), cancellationToken);
        var size = started.Size(request);
        ProvisioningLog.StandbyPreparing(logger, vmName, size, started.Spot, pool.Name, release.Version);
    }

    /// <summary>
    /// A preparing VM that powered itself off is deallocated; one found deallocated is ready: its row becomes
    /// <see cref="RunnerState.Standby"/>. Returns the power state read.
    /// </summary>
    public async Task<VmPowerState> ShelveAsync(PoolOptions pool, string vmName, CancellationToken cancellationToken)
    {
        var power = await vms.GetPowerStateAsync(pool.ScaleSetId, vmName, cancellationToken);
        if (power == VmPowerState.Stopped)
        {
            // Ready once Azure reports it deallocated: a start sent while it deallocates would be refused.
            await vms.DeallocateAsync(pool.ScaleSetId, vmName, cancellationToken);
        }
        else if (power == VmPowerState.Deallocated)
        {
            await provisioner.UpdateRecordAsync(pool, vmName, r => r.State == RunnerState.Preparing ? r with { State = RunnerState.Standby, PreparedAt = time.GetUtcNow() } : r, cancellationToken);
            ProvisioningLog.StandbyReady(logger, vmName, pool.Name);
        }

        return power;
    }

    /// <summary>
    /// Claims a prepared VM for the job, the longest prepared first, among those built from the current release and the
    /// pool's image; the row's ETag makes the claim race-free. Null when none is free.
    /// </summary>
    public async Task<RunnerRecord?> ClaimAsync(PoolOptions pool, long jobId, CancellationToken cancellationToken)
    {
        var release = await releases.GetCurrentAsync(pool, cancellationToken);
        var free = (await capacity.ListRunnersAsync(pool.Name, cancellationToken))
            .Where(r => r.State == RunnerState.Standby && r.RunnerVersion == release.Version && r.Image == pool.Image)
            .OrderBy(r => r.PreparedAt);
        foreach (var record in free)
        {
            var claimed = record with { State = RunnerState.Provisioning, ForJobId = jobId, ClaimedAt = time.GetUtcNow() };
            if (await capacity.TryUpdateRunnerAsync(claimed, cancellationToken))
            {
                return claimed;
            }
        }

        return null;
    }

    /// <summary>A claimed VM that was not started goes back to the pool's standby VMs.</summary>
    public Task UnclaimAsync(PoolOptions pool, string vmName, CancellationToken cancellationToken) =>
        provisioner.UpdateRecordAsync(pool, vmName, r => r.State == RunnerState.Provisioning && r.RunnerId is null ? r with { State = RunnerState.Standby, ForJobId = 0 } : r, cancellationToken);

    /// <summary>
    /// Starts a claimed VM for its job: registers the runner, writes its JIT config into the VM's <c>userData</c> with the
    /// job's tags in one <c>PATCH</c>, and powers it on; the row records the attempt the VM was created with, for the
    /// create watch. False when Azure refused the update or the start: the registration and the VM are gone and the
    /// capacity released, for the job to get a fresh VM. A failure to register (GitHub) puts the VM back, unstarted, and
    /// is thrown.
    /// </summary>
    public async Task<bool> StartAsync(PoolOptions pool, RunnerRecord claimed, long? installationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        var (vmName, jobId) = (claimed.VmName, claimed.ForJobId);
        var target = RunnerTarget.For(pool, installationId);
        JitRunner runner;
        try
        {
            runner = await provisioner.RegisterAsync(target, pool, vmName, cancellationToken);
        }
        catch (AdapterException)
        {
            await UnclaimAsync(pool, vmName, cancellationToken);
            throw;
        }

        try
        {
            var now = time.GetUtcNow();
            await provisioner.UpdateRecordAsync(pool, vmName, r => r with { RunnerId = runner.RunnerId, UserDataSet = true, CreateStartedAt = now }, cancellationToken);
            using var span = JobTrace.StartStep("standby start", jobId, vmName);
            var started = await vms.UpdateAsync(pool.ScaleSetId, vmName, new VmUpdate(runner.EncodedJitConfig, RunnerTags.ForClaimedStandby(jobId, now)), cancellationToken)
                && await vms.PowerOnAsync(pool.ScaleSetId, vmName, cancellationToken);
            if (!started)
            {
                throw new AdapterException(AdapterName.Compute, FailureKind.NotFound, $"Standby VM {vmName} is gone.");
            }

            metrics.RunnerAdded(pool.Name);
            ProvisioningLog.StandbyStarted(logger, vmName, pool.Name, jobId);
            return true;
        }
        catch (AdapterException ex) when (ex.Adapter is AdapterName.Compute or AdapterName.GitHub)
        {
            ProvisioningLog.StandbyStartFailed(logger, ex, vmName, pool.Name, jobId);
            await provisioner.CleanUpAsync(target, pool, runner.RunnerId, vmName, cancellationToken);
            if (await capacity.ReleaseAsync(pool.Name, vmName, cancellationToken))
            {
                metrics.RunnerReleased(pool.Name);
            }

            return false;
        }
    }

    /// <summary>Clears the VM's <c>userData</c> once its runner is online: the JIT config is not kept where a job could read it.</summary>
    public async Task ClearUserDataAsync(PoolOptions pool, string vmName, CancellationToken cancellationToken)
    {
        await vms.UpdateAsync(pool.ScaleSetId, vmName, new VmUpdate("", new Dictionary<string, string?>()), cancellationToken);
        await provisioner.UpdateRecordAsync(pool, vmName, r => r with { UserDataSet = false }, cancellationToken);
        ProvisioningLog.UserDataCleared(logger, vmName, pool.Name);
    }
}
