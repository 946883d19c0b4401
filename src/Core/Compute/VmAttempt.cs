using Scaler.Core.Failures;

namespace Scaler.Core.Compute;

/// <summary>
/// One try at creating a VM: which of the request's sizes (<see cref="VmRequest.Sizes"/>) and whether at Spot priority.
/// The fallback order lives here alone, for the create that waits (<see cref="IRunnerVms.CreateAsync"/>) and the one
/// a watcher sees through (<see cref="IRunnerVms.StartCreateAsync"/>).
/// </summary>
public sealed record VmAttempt(int SizeIndex, bool Spot)
{
    /// <summary>The first size, at Spot priority when the pool asks for Spot.</summary>
    public static VmAttempt First(VmRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new VmAttempt(0, request.Spot);
    }

    /// <summary>The size this attempt asks for.</summary>
    public string Size(VmRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Sizes[SizeIndex];
    }

    /// <summary>
    /// The attempt after this one failed with <paramref name="failure"/>, or null when there is none: Spot without capacity
    /// falls back to Regular priority of the same size; quota, SKU and capacity errors move on to the next size (at Spot
    /// again when the pool asks for Spot). Every other failure ends the tries.
    /// </summary>
    public VmAttempt? After(FailureKind failure, VmRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (failure == FailureKind.CapacityUnavailable && Spot)
        {
            return this with { Spot = false };
        }

        return failure is FailureKind.QuotaExceeded or FailureKind.SkuNotAvailable or FailureKind.CapacityUnavailable
            && SizeIndex + 1 < request.Sizes.Count
                ? new VmAttempt(SizeIndex + 1, request.Spot)
                : null;
    }
}
