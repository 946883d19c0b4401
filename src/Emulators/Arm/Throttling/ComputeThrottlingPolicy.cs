using Scaler.Emulators.Arm.Faults;

namespace Scaler.Emulators.Arm.Throttling;

/// <summary>
/// One Microsoft.Compute throttling policy: the operations it covers and its two token buckets, one per VM and one per
/// subscription (and region), each refilled every minute up to its capacity. A null resource bucket means the policy
/// has only the subscription one.
/// </summary>
public sealed record ComputeThrottlingRule(
    string Name,
    IReadOnlySet<ArmOperationKind> Operations,
    double? ResourceRefillPerMinute,
    int? ResourceCapacity,
    double SubscriptionRefillPerMinute,
    int SubscriptionCapacity);

/// <summary>
/// The Compute resource provider's throttling (opt-in through <c>ArmEmulatorOptions.ComputeThrottling</c>): token buckets
/// per policy, per VM and per subscription, answering 429 with <c>Retry-After</c> and one
/// <c>x-ms-ratelimit-remaining-resource</c> header per bucket, as Azure does.
/// </summary>
public sealed record ComputeThrottlingPolicy(IReadOnlyList<ComputeThrottlingRule> Rules)
{
    /// <summary>
    /// Azure's VM policies (learn.microsoft.com/azure/virtual-machines/compute-throttling-limits): PUT, update and delete
    /// 4 a minute per VM (bucket 12) and 500 a minute per subscription and region (bucket 1,500); low-cost GETs
    /// (a VM, its instance view) 12 a minute per VM (bucket 36) and 8,000 per subscription (bucket 24,000).
    /// Deallocate counts as a delete, as the policy table says.
    /// </summary>
    public static ComputeThrottlingPolicy Azure { get; } = new(
    [
        new("PutVM", new HashSet<ArmOperationKind> { ArmOperationKind.CreateOrUpdateVirtualMachine }, 4, 12, 500, 1500),
        new("UpdateVM", new HashSet<ArmOperationKind> { ArmOperationKind.UpdateVirtualMachine }, 4, 12, 500, 1500),
        new("DeleteVM", new HashSet<ArmOperationKind> { ArmOperationKind.DeleteVirtualMachine, ArmOperationKind.DeallocateVirtualMachine }, 4, 12, 500, 1500),
        new("LowCostGetVM", new HashSet<ArmOperationKind> { ArmOperationKind.GetVirtualMachine, ArmOperationKind.GetVirtualMachineInstanceView }, 12, 36, 8000, 24000),
    ]);

    /// <summary>Every refill multiplied by <paramref name="factor"/>, so a run in time compressed by that factor meets the same limits per profile minute.</summary>
    public ComputeThrottlingPolicy Compressed(double factor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1, nameof(factor));
        return new ComputeThrottlingPolicy(Rules.Select(rule => rule with
        {
            ResourceRefillPerMinute = rule.ResourceRefillPerMinute * factor,
            SubscriptionRefillPerMinute = rule.SubscriptionRefillPerMinute * factor,
        }).ToList());
    }

    internal ComputeThrottlingRule? RuleFor(ArmOperationKind operation) => Rules.FirstOrDefault(rule => rule.Operations.Contains(operation));
}
