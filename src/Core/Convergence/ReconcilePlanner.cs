using Scaler.Core.Runners;

namespace Scaler.Core.Convergence;

/// <summary>One row of the reconcile table: its decisions, given what the rules above it decided.</summary>
public delegate IEnumerable<ReconcileAction> ReconcileRule(ReconcilePlan plan);

/// <summary>
/// Decides, from a <see cref="PoolSnapshot"/> alone, what the reconciler should do: the <see cref="Rules"/> applied in
/// order. Pure, so every rule is tested without I/O.
/// </summary>
public static class ReconcilePlanner
{
    /// <summary>The rows of the reconcile table in docs/operations.md, in its order and named by its Rule column.</summary>
    public static IReadOnlyList<ReconcileRule> Rules { get; } =
    [
        ReconcileRules.KeptVmLeftovers,
        ReconcileRules.MoreKeptThanKeepUnhealthy,
        StandbyRules.StandbyWithoutCapacityRow,
        StandbyRules.StandbyVmGone,
        StandbyRules.PreparationFailed,
        StandbyRules.ClaimedNotStarted,
        StandbyRules.OutdatedStandby,
        StandbyRules.MoreStandbyThanSize,
        StandbyRules.PreparationToShelve,
        ReconcileRules.RunnerCameOnline,
        StandbyRules.UserDataToClear,
        ReconcileRules.OlderThanMaxLifetime,
        ReconcileRules.NotOnlineWithinBootTimeoutUnderKeepUnhealthy,
        ReconcileRules.NotOnlineWithinBootTimeout,
        ReconcileRules.RunnerGone,
        ReconcileRules.RunnerWentOffline,
        ReconcileRules.OlderRunnerVersion,
        ReconcileRules.IdlePastIdleTimeout,
        ReconcileRules.RegistrationWithoutVm,
        ReconcileRules.CapacityWithoutVmOrRegistration,
        ReconcileRules.VmWithoutCapacityRow,
        ReconcileRules.BelowWarmMinimum,
        StandbyRules.BelowStandbySize,
    ];

    /// <summary>
    /// A VM younger than <see cref="ProvisioningOptions.ProvisioningGrace"/>, or a registration whose capacity row is
    /// younger than <see cref="ProvisioningOptions.LeaseDuration"/>, may still be mid-provisioning: its other half can be missing.
    /// </summary>
    public static IReadOnlyList<ReconcileAction> Plan(PoolSnapshot snapshot, ProvisioningOptions provisioning)
    {
        var plan = new ReconcilePlan(snapshot, provisioning);
        foreach (var rule in Rules)
        {
            // A rule decides against what the rules above decided, not against its own decisions.
            foreach (var action in rule(plan).ToList())
            {
                plan.Add(action);
            }
        }

        return plan.Actions;
    }
}
