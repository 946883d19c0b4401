using Scaler.Core.State;

namespace Scaler.Core.Convergence;

/// <summary>What the reconciler does about one runner VM or registration.</summary>
public enum ReconcileActionKind
{
    /// <summary>Delete the VM and release its capacity: its runner is gone, or it never registered in time.</summary>
    DeleteVm,

    /// <summary>Deregister the idle runner at GitHub first; delete the VM only if that succeeded (a busy runner is kept).</summary>
    RemoveIdleRunner,

    /// <summary>Delete a runner registration of Scaler's that has no VM.</summary>
    DeleteRegistration,

    /// <summary>
    /// Release capacity held by a record with neither VM nor registration, if Azure still has no VM of that name when
    /// asked again and the row is unchanged since the snapshot read it.
    /// </summary>
    ReleaseCapacity,

    /// <summary>Release the capacity a VM kept for investigation still holds (a keep stopped before its release), if the row is unchanged.</summary>
    ReleaseKeptCapacity,

    /// <summary>Remember when the runner was first seen online (its idle time counts from there).</summary>
    MarkOnline,

    /// <summary>Create a warm runner to keep the pool's idle minimum.</summary>
    CreateWarmRunner,

    /// <summary>
    /// Keep a VM whose runner never came online stopped for investigation (<c>KeepUnhealthy</c>): deregister its runner
    /// first, if it has one (a busy runner is kept running), then deallocate and tag the VM and release its capacity.
    /// </summary>
    KeepVm,

    /// <summary>Create a standby VM to keep the pool's standby size.</summary>
    CreateStandbyVm,

    /// <summary>Look at a preparing standby VM: deallocate it once it powered itself off; mark it ready once deallocated.</summary>
    ShelveStandbyVm,

    /// <summary>Clear the userData (the JIT config) of a VM whose runner is online.</summary>
    ClearUserData,

    /// <summary>Count a VM of the pool that has no capacity row (one was released while its VM still existed), so MaxRunners holds.</summary>
    AdoptVm,
}

/// <summary>One decision, with the reason that is logged with it.</summary>
/// <param name="RequeueJob">The VM never ran a job (it did not boot, or died idle): give the job it was made for a new VM.</param>
/// <param name="JobId">For <see cref="ReconcileActionKind.AdoptVm"/>: the job the VM was made for, from its tags (0 for a warm runner).</param>
/// <param name="Row">
/// The VM's capacity row as the snapshot read it, when its release must not outrun what changed since: the releases go
/// only if the row is unchanged; a removal of a VM whose runner was not online goes on unless a create was started
/// under the row since (see <see cref="ReconcilePlan"/>).
/// </param>
public sealed record ReconcileAction(ReconcileActionKind Kind, string Name, long? RunnerId, string Reason, bool RequeueJob = false, long JobId = 0, RunnerRecord? Row = null);
