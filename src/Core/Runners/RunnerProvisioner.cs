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
/// registration behind. A queued job's VM is started (<see cref="StartAsync"/>) and seen through by a watcher
/// (<see cref="WatchAsync"/>); a warm runner's create is waited for (<see cref="ProvisionAsync"/>).
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

    /// <summary>
    /// Registers the runner and starts its VM's create, trying the next size or priority at once when Azure refuses an
    /// attempt outright; returns the attempt Azure accepted, which the VM's capacity row records. The capacity unit must
    /// already be claimed. Its outcome is for <see cref="WatchAsync"/> to see.
    /// </summary>
    public async Task<VmAttempt> StartAsync(PoolOptions pool, string vmName, long forJobId, long? installationId, CancellationToken cancellationToken)
    {
        var target = RunnerTarget.For(pool, installationId);
        var release = await releases.GetCurrentAsync(pool, cancellationToken);
        var runner = await RegisterAsync(target, pool, vmName, cancellationToken);
        try
        {
            await UpdateRecordAsync(pool, vmName, r => r with { RunnerId = runner.RunnerId, RunnerVersion = release.Version }, cancellationToken);
            using var span = JobTrace.StartStep("vm create", forJobId, vmName);
            var request = Request(pool, vmName, bootstrap.CreateCustomData(pool, release, runner), RunnerTags.For(pool, forJobId, time.GetUtcNow(), release.Version));
            var started = await StartAttemptsAsync(pool, request, VmAttempt.First(request), cancellationToken);

            // Counted once its VM is asked for, so a runner that takes its job before the watch sees the create end counts too.
            metrics.RunnerAdded(pool.Name);
            return started;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await CleanUpAsync(target, pool, runner, cancellationToken);
            throw;
        }
    }

    /// <summary>
    /// Reads the started create of the VM and acts on what it finds: provisioned, the capacity row is Created; failed for
    /// capacity, quota or SKU, the failed VM goes and the next attempt (<see cref="VmAttempt.After"/>) is started with the
    /// runner registered afresh (a JIT config is given out once and never kept); failed for good, or gone, nothing is
    /// left behind and the failure is returned for the job. A VM whose row is not a started create is not watched.
    /// Throttling and transient failures are thrown: the watch is made again.
    /// </summary>
    public async Task<CreateWatch> WatchAsync(PoolOptions pool, string vmName, long? installationId, CancellationToken cancellationToken)
    {
        var record = await capacity.GetRunnerAsync(pool.Name, vmName, cancellationToken);
        if (record is not { State: RunnerState.Provisioning, CreateSizeIndex: { } sizeIndex, RunnerId: { } runnerId })
        {
            return new CreateWatch(CreateProgress.NotWatched, record);
        }

        var target = RunnerTarget.For(pool, installationId);
        var status = await vms.GetCreateStatusAsync(pool.ScaleSetId, vmName, cancellationToken);
        switch (status.State)
        {
            case VmCreateState.Creating:
                return new CreateWatch(CreateProgress.Creating, record);
            case VmCreateState.Succeeded:
                await UpdateRecordAsync(pool, vmName, r => r.State == RunnerState.Provisioning ? r with { State = RunnerState.Created } : r, cancellationToken);
                ProvisioningLog.Provisioned(logger, vmName, status.Size, status.Spot, pool.Name, record.ForJobId, record.RunnerVersion ?? "");
                return new CreateWatch(CreateProgress.Created, record);
            case VmCreateState.Gone:
                var gone = new AdapterException(AdapterName.Compute, FailureKind.NotFound, $"VM {vmName} vanished while it was created.");
                await CleanUpAsync(target, pool, runnerId, vmName, cancellationToken);
                return new CreateWatch(CreateProgress.Failed, record, gone);
        }

        var recorded = new VmAttempt(sizeIndex, record.CreateSpot ?? false);
        var failure = new AdapterException(AdapterName.Compute, status.Failure ?? FailureKind.Invalid, $"VM {vmName} failed to provision: {status.FailureMessage}");
        var sizes = pool.VmSizes;

        // The failed VM is the recorded attempt's, unless the watch before this one recorded the next attempt and stopped
        // before it started it: then the recorded attempt is the one to start.
        var failedRecorded = sizeIndex < sizes.Count && string.Equals(sizes[sizeIndex], status.Size, StringComparison.OrdinalIgnoreCase) && recorded.Spot == status.Spot;
        // A standby VM that failed to start is replaced by a fresh VM of the same attempt, its own fallbacks after that.
        var next = failedRecorded && !record.UserDataSet ? recorded.After(failure.Kind, ProbeRequest(pool)) : recorded;
        if (next is null || next.SizeIndex >= sizes.Count)
        {
            await CleanUpAsync(target, pool, runnerId, vmName, cancellationToken);
            return new CreateWatch(CreateProgress.Failed, record, failure);
        }

        ProvisioningLog.AttemptFailed(logger, vmName, status.Size, status.Spot, failure.Kind, status.FailureMessage ?? "", sizes[next.SizeIndex], next.Spot);
        try
        {
            await github.DeleteRunnerAsync(target, runnerId, cancellationToken);
            var release = await releases.GetCurrentAsync(pool, cancellationToken);
            var runner = await RegisterAsync(target, pool, vmName, cancellationToken);
            await UpdateRecordAsync(pool, vmName, r => r with { RunnerId = runner.RunnerId, RunnerVersion = release.Version, UserDataSet = false }, cancellationToken);
            var request = Request(pool, vmName, bootstrap.CreateCustomData(pool, release, runner), RunnerTags.For(pool, record.ForJobId, time.GetUtcNow(), release.Version));
            var started = await StartAttemptsAsync(pool, request, next, cancellationToken);
            return new CreateWatch(CreateProgress.Retried, record with { CreateSizeIndex = started.SizeIndex, CreateSpot = started.Spot });
        }
        catch (AdapterException ex) when (ex.Adapter is AdapterName.GitHub or AdapterName.Compute && !ex.IsTransient && ex.Kind != FailureKind.Throttled)
        {
            var registered = (await capacity.GetRunnerAsync(pool.Name, vmName, cancellationToken))?.RunnerId ?? runnerId;
            await CleanUpAsync(target, pool, registered, vmName, cancellationToken);
            return new CreateWatch(CreateProgress.Failed, record, ex);
        }
    }

    /// <summary>
    /// Records each attempt on the VM's capacity row before its PUT, so a watcher knows what was asked for, and moves on
    /// to the next when Azure refuses one at once.
    /// </summary>
    internal async Task<VmAttempt> StartAttemptsAsync(PoolOptions pool, VmRequest request, VmAttempt first, CancellationToken cancellationToken)
    {
        var attempt = first;
        while (true)
        {
            var current = attempt;
            if (!await UpdateRecordAsync(pool, request.Name, r => r with { CreateSizeIndex = current.SizeIndex, CreateSpot = current.Spot, CreateStartedAt = time.GetUtcNow() }, cancellationToken))
            {
                // The reconciler released the unit (its lease ran out before this step): a VM created now would hold no unit.
                throw new AdapterException(AdapterName.Table, FailureKind.Conflict, $"The capacity unit of VM {request.Name} was released before its create; the job is tried again with a new claim.");
            }

            try
            {
                await vms.StartCreateAsync(request, current, cancellationToken);
                return current;
            }
            catch (AdapterException ex) when (current.After(ex.Kind, request) is { } next)
            {
                ProvisioningLog.AttemptFailed(logger, request.Name, current.Size(request), current.Spot, ex.Kind, ex.Message, next.Size(request), next.Spot);
                attempt = next;
            }
        }
    }

    /// <summary>A request with the pool's sizes and priority alone, for <see cref="VmAttempt.After"/>.</summary>
    private static VmRequest ProbeRequest(PoolOptions pool) => Request(pool, "", "", new Dictionary<string, string>());

    /// <summary>The VM as the pool describes it: the compute adapter reads nothing else.</summary>
    internal static VmRequest Request(PoolOptions pool, string vmName, string customData, IReadOnlyDictionary<string, string> tags) => new()
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

    /// <summary>
    /// Updates the VM's capacity row, read again when another update came first; a released row stays released. False
    /// when the VM has no row (any more).
    /// </summary>
    internal async Task<bool> UpdateRecordAsync(PoolOptions pool, string vmName, Func<RunnerRecord, RunnerRecord> update, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var record = await capacity.GetRunnerAsync(pool.Name, vmName, cancellationToken);
            if (record is null)
            {
                return false;
            }

            if (await capacity.TryUpdateRunnerAsync(update(record), cancellationToken))
            {
                return true;
            }
        }

        return true;
    }

    /// <summary>
    /// Registers the runner. A registration of the same name left by an earlier attempt whose VM was never
    /// created is removed and made again: its JIT config was lost with that attempt.
    /// </summary>
    internal async Task<JitRunner> RegisterAsync(RunnerTarget target, PoolOptions pool, string vmName, CancellationToken cancellationToken)
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
    private Task CleanUpAsync(RunnerTarget target, PoolOptions pool, JitRunner runner, CancellationToken cancellationToken) =>
        CleanUpAsync(target, pool, runner.RunnerId, runner.Name, cancellationToken);

    internal async Task CleanUpAsync(RunnerTarget target, PoolOptions pool, long runnerId, string vmName, CancellationToken cancellationToken)
    {
        try
        {
            await github.DeleteRunnerAsync(target, runnerId, cancellationToken);
        }
        catch (AdapterException ex)
        {
            ProvisioningLog.CleanupFailed(logger, ex, "runner registration", vmName);
        }

        try
        {
            await vms.DeleteAsync(pool.ScaleSetId, vmName, cancellationToken);
        }
        catch (AdapterException ex)
        {
            ProvisioningLog.CleanupFailed(logger, ex, "VM", vmName);
        }
    }
}
