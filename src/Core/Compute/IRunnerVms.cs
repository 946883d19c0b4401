using Scaler.Core.Failures;

namespace Scaler.Core.Compute;

/// <summary>Runner VMs in Flexible scale sets. Failures are <see cref="AdapterException"/>s of <see cref="AdapterName.Compute"/>.</summary>
public interface IRunnerVms
{
    /// <summary>
    /// Creates (or, for an existing name, returns) one VM in the scale set and waits until Azure accepted it.
    /// Tries <see cref="VmRequest.Sizes"/> in order on quota, SKU and capacity errors, and falls back from
    /// Spot to regular priority on Spot capacity errors.
    /// </summary>
    Task<VmCreated> CreateAsync(VmRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Starts creating the VM with <paramref name="attempt"/>'s size and priority and returns once Azure accepted the
    /// request, without waiting for the operation to end. A VM of that name left in state Failed by an earlier attempt
    /// is deleted first; any other VM of that name is left as it is (false). Failures Azure reports at once (quota, SKU,
    /// Spot capacity, throttling) are thrown; <see cref="VmAttempt.After"/> says what to try next.
    /// </summary>
    Task<bool> StartCreateAsync(VmRequest request, VmAttempt attempt, CancellationToken cancellationToken);

    /// <summary>Reads where the VM's create is: one read, and one more (its instance view) for a failed VM's reason.</summary>
    Task<VmCreateStatus> GetCreateStatusAsync(string scaleSetId, string vmName, CancellationToken cancellationToken);

    /// <summary>Deletes the VM with <c>forceDeletion</c>; true when deleted, false when it was already gone.</summary>
    Task<bool> DeleteAsync(string scaleSetId, string vmName, CancellationToken cancellationToken);

    /// <summary>
    /// Keeps the VM for investigation: deallocates it (stopped, no compute billing, disk kept), then merges
    /// <paramref name="tags"/> into its tags, so a VM that carries them is always stopped. True when kept, false when
    /// it was already gone.
    /// </summary>
    Task<bool> KeepAsync(string scaleSetId, string vmName, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken);

    /// <summary>The VM's power state: one read of its instance view; <see cref="VmPowerState.Gone"/> when there is no such VM.</summary>
    Task<VmPowerState> GetPowerStateAsync(string scaleSetId, string vmName, CancellationToken cancellationToken);

    /// <summary>
    /// Deallocates the VM (billed for its disks only from then on) and returns once Azure accepted the request; true
    /// when asked, false when the VM was already gone.
    /// </summary>
    Task<bool> DeallocateAsync(string scaleSetId, string vmName, CancellationToken cancellationToken);

    /// <summary>
    /// Changes the VM's <c>userData</c> and tags in one <c>PATCH</c> and waits until Azure applied it (allowed on a
    /// deallocated VM); true when applied, false when the VM was already gone.
    /// </summary>
    Task<bool> UpdateAsync(string scaleSetId, string vmName, VmUpdate update, CancellationToken cancellationToken);

    /// <summary>Starts a stopped or deallocated VM and returns once Azure accepted the request; false when the VM was already gone.</summary>
    Task<bool> PowerOnAsync(string scaleSetId, string vmName, CancellationToken cancellationToken);

    /// <summary>The scale set's VMs with their tags.</summary>
    Task<IReadOnlyList<RunnerVm>> ListAsync(string scaleSetId, CancellationToken cancellationToken);
}
