using Microsoft.Extensions.Options;
using Scaler.Core.Failures;
using Scaler.Core.Pools;
using Scaler.Core.Runners;
using Scaler.Core.State;

namespace Scaler.Core.Jobs;

/// <summary>
/// A leased job of a pool with standby VMs takes a prepared one when one is free: the job's VM is then that VM, started
/// with the job's runner, and a create watch sees the start through as it sees a create. With none free, or when the
/// start is refused, the job goes on to a fresh VM of its own name.
/// </summary>
public sealed class StandbyServe(IJobStore jobs, StandbyVms standby, IJobQueue queue, IOptions<ProvisioningOptions> options, TimeProvider time)
{
    /// <summary>The job's result when a standby VM serves it; otherwise null and the job record to go on with.</summary>
    public async Task<(JobResult? Result, JobRecord Job)> TryAsync(JobMessage message, PoolOptions pool, JobRecord job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(job);
        if (!pool.Standby.Enabled || await standby.ClaimAsync(pool, message.JobId, cancellationToken) is not { } claimed)
        {
            return (null, job);
        }

        // The job names its VM, for the checks that look for it, before the VM is started.
        var named = await jobs.TryUpdateAsync(job with { VmName = claimed.VmName }, cancellationToken);
        if (named is null)
        {
            await standby.UnclaimAsync(pool, claimed.VmName, cancellationToken);
            return (null, job);
        }

        bool started;
        try
        {
            started = await standby.StartAsync(pool, claimed, message.InstallationId, cancellationToken);
        }
        catch (AdapterException)
        {
            // GitHub refused the registration: the VM went back to standby; the fresh path meets the same failure and handles it.
            started = false;
        }

        if (!started)
        {
            return (null, await jobs.TryUpdateAsync(named with { VmName = job.VmName }, cancellationToken) ?? named with { VmName = job.VmName });
        }

        await queue.DeferAsync(JobMessages.ForCreateWatch(named, claimed.VmName, time.GetUtcNow()), options.Value.CreateWatchDelay, cancellationToken);
        await jobs.TryUpdateAsync(named with { State = JobState.Provisioned, LeaseUntil = null }, cancellationToken);
        return (new JobResult(JobOutcome.Provisioned, $"standby VM {claimed.VmName} started"), named);
    }
}
