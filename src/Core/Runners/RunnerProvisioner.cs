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
/// Makes one runner VM: register a just-in-time runner named after the VM, create the VM with cloud-init
/// that starts it, record both on the VM's capacity row. A VM that cannot be created leaves no
/// registration behind. Used for queued jobs and for warm runners.
/// </summary>
public sealed class RunnerProvisioner(
    ICapacity capacity,
    IGitHubRunners github,
    IRunnerVms vms,
    IRunnerReleases releases,
    IRunnerBootstrap bootstrap,
    ScalerMetrics metrics,
    TimeProvider time,
    ILogger<RunnerProvisioner> logger)
{
    /// <summary>Registers the runner and creates its VM; the capacity unit must already be claimed.</summary>
    /// <param name="forJobId">The job the VM is made for; 0 for a warm runner.</param>
    public async Task<VmCreated> ProvisionAsync(PoolOptions pool, string vmName, long forJobId, long? installationId, CancellationToken cancellationToken)
    {
        var release = await releases.GetCurrentAsync(pool, cancellationToken);
        var target = RunnerTarget.For(pool, installationId);
        var runner = await RegisterAsync(target, pool, vmName, cancellationToken);
        VmCreated created;
        try
        {
            // Recorded before the VM exists, so no runner of this VM can report a job before Scaler knows its id:
            // events act on a VM only when their runner id is this one.
            await UpdateRecordAsync(pool, vmName, r => r with { RunnerId = runner.RunnerId }, cancellationToken);
            using var span = JobTrace.StartStep("vm create", forJobId, vmName);
            var request = Request(pool, vmName, bootstrap.CreateCustomData(pool, release, runner), RunnerTags.For(pool, forJobId, time.GetUtcNow(), release.Version));
            created = await vms.CreateAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await CleanUpAsync(target, pool, runner, cancellationToken);
            throw;
        }

        await UpdateRecordAsync(pool, vmName, r => r with { State = RunnerState.Created, RunnerId = runner.RunnerId, RunnerVersion = release.Version }, cancellationToken);

        metrics.RunnerAdded(pool.Name);
        ProvisioningLog.Provisioned(logger, vmName, created.Size, created.Spot, pool.Name, forJobId, release.Version);
        return created;
    }

    /// <summary>The VM as the pool describes it: the compute adapter reads nothing else.</summary>
    private static VmRequest Request(PoolOptions pool, string vmName, string customData, IReadOnlyDictionary<string, string> tags) => new()
    {
        ScaleSetId = pool.ScaleSetId,
        Name = vmName,
        Sizes = pool.VmSizes,
        Image = pool.Image,
        Spot = pool.Spot,
        SubnetId = pool.SubnetId,
        OsDiskSizeGb = pool.OsDiskSizeGb,
        SshPublicKey = pool.SshPublicKey,
        CustomData = customData,
        Tags = tags,
    };

    /// <summary>Updates the VM's capacity row, read again when another update came first; a released row stays released.</summary>
    private async Task UpdateRecordAsync(PoolOptions pool, string vmName, Func<RunnerRecord, RunnerRecord> update, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var record = await capacity.GetRunnerAsync(pool.Name, vmName, cancellationToken);
            if (record is null || await capacity.TryUpdateRunnerAsync(update(record), cancellationToken))
            {
                return;
            }
        }
    }

    /// <summary>
    /// Registers the runner. A registration of the same name left by an earlier attempt whose VM was never
    /// created is removed and made again: its JIT config was lost with that attempt.
    /// </summary>
    private async Task<JitRunner> RegisterAsync(RunnerTarget target, PoolOptions pool, string vmName, CancellationToken cancellationToken)
    {
        var labels = pool.Labels.Prepend(PoolRouter.SelfHosted).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        try
        {
            return await github.GenerateJitConfigAsync(target, vmName, labels, pool.RunnerGroupId, cancellationToken);
        }
        catch (AdapterException ex) when (ex.Kind == FailureKind.Conflict)
        {
            ProvisioningLog.StaleRegistration(logger, vmName);
            var stale = (await github.ListRunnersAsync(target, cancellationToken)).FirstOrDefault(r => r.Name == vmName);
            if (stale is not null)
            {
                await github.DeleteRunnerAsync(target, stale.Id, cancellationToken);
            }

            return await github.GenerateJitConfigAsync(target, vmName, labels, pool.RunnerGroupId, cancellationToken);
        }
    }

    /// <summary>A VM that could not be created leaves no runner registration (and no half-made VM) behind.</summary>
    private async Task CleanUpAsync(RunnerTarget target, PoolOptions pool, JitRunner runner, CancellationToken cancellationToken)
    {
        try
        {
            await github.DeleteRunnerAsync(target, runner.RunnerId, cancellationToken);
        }
        catch (AdapterException ex)
        {
            ProvisioningLog.CleanupFailed(logger, ex, "runner registration", runner.Name);
        }

        try
        {
            await vms.DeleteAsync(pool.ScaleSetId, runner.Name, cancellationToken);
        }
        catch (AdapterException ex)
        {
            ProvisioningLog.CleanupFailed(logger, ex, "VM", runner.Name);
        }
    }
}
