using Azure;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;

namespace Scaler.Core.Compute;

/// <summary>
/// What a standby VM goes through besides its create and delete: its power state read, deallocated once prepared,
/// given a JIT config in its <c>userData</c> and started for a job, and the <c>userData</c> cleared again.
/// </summary>
public sealed partial class AzureRunnerVms
{
    private const string PowerStatePrefix = "PowerState/";

    public async Task<VmPowerState> GetPowerStateAsync(string scaleSetId, string vmName, CancellationToken cancellationToken)
    {
        var vm = await GetInScaleSetAsync(scaleSetId, vmName, cancellationToken);
        if (vm is null)
        {
            return VmPowerState.Gone;
        }

        var view = await SendOrGoneAsync<VirtualMachineInstanceView?>(async () => (await vm.InstanceViewAsync(cancellationToken)).Value, whenGone: null);
        if (view is null)
        {
            return VmPowerState.Gone;
        }

        var code = view.Statuses.Select(s => s.Code).FirstOrDefault(c => c?.StartsWith(PowerStatePrefix, StringComparison.OrdinalIgnoreCase) == true);
        return ParsePowerState(code?[PowerStatePrefix.Length..]);
    }

    public async Task<bool> DeallocateAsync(string scaleSetId, string vmName, CancellationToken cancellationToken)
    {
        var vm = await GetInScaleSetAsync(scaleSetId, vmName, cancellationToken);
        var asked = vm is not null && await SendOrGoneAsync(
            async () =>
            {
                await vm.DeallocateAsync(WaitUntil.Started, cancellationToken: cancellationToken);
                return true;
            },
            whenGone: false);
        if (!asked)
        {
            ComputeLog.AlreadyGone(logger, vmName, scaleSetId);
        }

        return asked;
    }

    public async Task<bool> UpdateAsync(string scaleSetId, string vmName, VmUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        var vm = await GetInScaleSetAsync(scaleSetId, vmName, cancellationToken);
        if (vm is null)
        {
            ComputeLog.AlreadyGone(logger, vmName, scaleSetId);
            return false;
        }

        // ARM replaces a resource's tags with a PATCH's: the patch carries the whole set, as it is to be.
        var patch = new VirtualMachinePatch();
        foreach (var (key, value) in vm.Data.Tags)
        {
            patch.Tags[key] = value;
        }

        foreach (var (key, value) in update.Tags)
        {
            if (value is null)
            {
                patch.Tags.Remove(key);
            }
            else
            {
                patch.Tags[key] = value;
            }
        }

        if (update.UserData is not null)
        {
            patch.UserData = VmDefinition.EncodeUserData(update.UserData);
        }

        return await SendOrGoneAsync(
            async () =>
            {
                await vm.UpdateAsync(WaitUntil.Completed, patch, cancellationToken: cancellationToken);
                return true;
            },
            whenGone: false);
    }

    public async Task<bool> PowerOnAsync(string scaleSetId, string vmName, CancellationToken cancellationToken)
    {
        var vm = await GetInScaleSetAsync(scaleSetId, vmName, cancellationToken);
        var asked = vm is not null && await SendOrGoneAsync(
            async () =>
            {
                await vm.PowerOnAsync(WaitUntil.Started, cancellationToken);
                return true;
            },
            whenGone: false);
        if (!asked)
        {
            ComputeLog.AlreadyGone(logger, vmName, scaleSetId);
        }

        return asked;
    }

    /// <summary>The VM, checked to be in the scale set; null when there is none of that name.</summary>
    private async Task<VirtualMachineResource?> GetInScaleSetAsync(string scaleSetId, string vmName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(vmName);
        var scaleSet = ScaleSetId(scaleSetId);
        var vm = await GetOrNullAsync(VirtualMachines(scaleSet), vmName, cancellationToken);
        if (vm is not null)
        {
            EnsureInScaleSet(vm.Data, scaleSet, vmName);
        }

        return vm;
    }

    internal static VmPowerState ParsePowerState(string? state) => state?.ToLowerInvariant() switch
    {
        "starting" => VmPowerState.Starting,
        "running" => VmPowerState.Running,
        "stopping" => VmPowerState.Stopping,
        "stopped" => VmPowerState.Stopped,
        "deallocating" => VmPowerState.Deallocating,
        "deallocated" => VmPowerState.Deallocated,
        _ => VmPowerState.Unknown,
    };
}
