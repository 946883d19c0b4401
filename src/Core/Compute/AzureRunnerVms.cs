using System.Collections.Concurrent;
using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.ResourceManager;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;
using Azure.ResourceManager.Resources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scaler.Core.Pools;

namespace Scaler.Core.Compute;

/// <summary>
/// <see cref="IRunnerVms"/> on Azure Resource Manager: one plain VM per runner in the pool's Flexible scale set.
/// The subnet, OS disk size and SSH key come from the pool whose <see cref="PoolOptions.ScaleSetId"/> is the request's.
/// </summary>
public sealed class AzureRunnerVms : IRunnerVms
{
    /// <summary>One per process: its private half was never kept, so sharing it grants nothing.</summary>
    private static readonly Lazy<string> ThrowawayKey = new(ThrowawaySshKey.Create);

    private readonly ArmClient arm;
    private readonly IOptionsMonitor<ScalerOptions> scaler;
    private readonly ILogger<AzureRunnerVms> logger;
    private readonly ConcurrentDictionary<string, AzureLocation> locations = new(StringComparer.OrdinalIgnoreCase);

    public AzureRunnerVms(ArmClient arm, IOptionsMonitor<ScalerOptions> scaler, ILogger<AzureRunnerVms> logger)
    {
        ArgumentNullException.ThrowIfNull(arm);
        ArgumentNullException.ThrowIfNull(scaler);
        ArgumentNullException.ThrowIfNull(logger);
        this.arm = arm;
        this.scaler = scaler;
        this.logger = logger;
    }

    public async Task<VmCreated> CreateAsync(VmRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Sizes.Count == 0)
        {
            throw new ComputeException(ComputeFailure.Invalid, $"VM {request.Name} has no sizes to try: configure Scaler__Pools__N__VmSizes__0.");
        }

        var customData = VmDefinition.EncodeCustomData(request.CustomData);
        var pool = Pool(request.ScaleSetId);
        var scaleSet = ScaleSetId(request.ScaleSetId);
        var sshKey = string.IsNullOrWhiteSpace(pool.SshPublicKey) ? ThrowawayKey.Value : pool.SshPublicKey.Trim();
        var vms = VirtualMachines(scaleSet);
        var existing = await ExistingAsync(vms, scaleSet, request.Name, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        var location = await LocationAsync(scaleSet, cancellationToken);
        ComputeException? last = null;
        var attempt = 0;
        for (var i = 0; i < request.Sizes.Count; i++)
        {
            var size = request.Sizes[i];
            var spot = request.Spot;
            while (true)
            {
                attempt++;
                ComputeLog.Creating(logger, request.Name, request.ScaleSetId, size, spot);
                var data = VmDefinition.Build(request, pool, location, size, spot, customData, sshKey);
                try
                {
                    await vms.CreateOrUpdateAsync(WaitUntil.Completed, request.Name, data, cancellationToken);
                    ComputeLog.Created(logger, request.Name, request.ScaleSetId, size, spot, attempt);
                    return new VmCreated(request.Name, size, spot);
                }
                catch (RequestFailedException e)
                {
                    last = ComputeErrors.Map(e, spot);
                }
                catch (AuthenticationFailedException e)
                {
                    throw Unauthenticated(e);
                }

                if (last.Failure == ComputeFailure.CapacityUnavailable && spot)
                {
                    ComputeLog.SpotFallback(logger, request.Name, size, last.Message);
                    spot = false;
                    await ExistingAsync(vms, scaleSet, request.Name, cancellationToken);
                    continue;
                }

                if ((last.Failure is ComputeFailure.QuotaExceeded or ComputeFailure.SkuNotAvailable or ComputeFailure.CapacityUnavailable)
                    && i + 1 < request.Sizes.Count)
                {
                    ComputeLog.SizeFallback(logger, request.Name, size, last.Failure, last.Message, request.Sizes[i + 1]);
                    await ExistingAsync(vms, scaleSet, request.Name, cancellationToken);
                    break;
                }

                ComputeLog.CreateFailed(logger, request.Name, request.ScaleSetId, last.Failure, last.Message);
                throw last;
            }
        }

        throw last!;
    }

    public async Task<bool> DeleteAsync(string scaleSetId, string vmName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(vmName);
        var scaleSet = ScaleSetId(scaleSetId);
        var vm = await GetOrNullAsync(VirtualMachines(scaleSet), vmName, cancellationToken);
        if (vm is null)
        {
            ComputeLog.AlreadyGone(logger, vmName, scaleSetId);
            return false;
        }

        EnsureInScaleSet(vm.Data, scaleSet, vmName);
        try
        {
            await vm.DeleteAsync(WaitUntil.Completed, forceDeletion: true, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            ComputeLog.AlreadyGone(logger, vmName, scaleSetId);
            return false;
        }
        catch (RequestFailedException e)
        {
            throw ComputeErrors.Map(e);
        }

        ComputeLog.Deleted(logger, vmName, scaleSetId);
        return true;
    }

    public async Task<bool> KeepAsync(string scaleSetId, string vmName, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(vmName);
        ArgumentNullException.ThrowIfNull(tags);
        var scaleSet = ScaleSetId(scaleSetId);
        var vm = await GetOrNullAsync(VirtualMachines(scaleSet), vmName, cancellationToken);
        if (vm is null)
        {
            ComputeLog.AlreadyGone(logger, vmName, scaleSetId);
            return false;
        }

        EnsureInScaleSet(vm.Data, scaleSet, vmName);
        try
        {
            await vm.DeallocateAsync(WaitUntil.Completed, cancellationToken: cancellationToken);

            // The patch carries every tag: the outcome is the same whether ARM merges the patch's tags or replaces the set.
            var patch = new VirtualMachinePatch();
            foreach (var (key, value) in vm.Data.Tags.Concat(tags))
            {
                patch.Tags[key] = value;
            }

            await vm.UpdateAsync(WaitUntil.Completed, patch, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            ComputeLog.AlreadyGone(logger, vmName, scaleSetId);
            return false;
        }
        catch (RequestFailedException e)
        {
            throw ComputeErrors.Map(e);
        }
        catch (AuthenticationFailedException e)
        {
            throw Unauthenticated(e);
        }

        ComputeLog.Kept(logger, vmName, scaleSetId);
        return true;
    }

    public async Task<IReadOnlyList<RunnerVm>> ListAsync(string scaleSetId, CancellationToken cancellationToken)
    {
        var scaleSet = ScaleSetId(scaleSetId);
        var filter = $"'virtualMachineScaleSet/id' eq '{scaleSet}'";
        var result = new List<RunnerVm>();
        try
        {
            await foreach (var vm in VirtualMachines(scaleSet).GetAllAsync(filter, cancellationToken))
            {
                // The filter is Azure's; checking again keeps VMs of other scale sets out if a server ignores it.
                if (SameResource(vm.Data.VirtualMachineScaleSetId, scaleSet))
                {
                    result.Add(ToRunnerVm(vm.Data));
                }
            }
        }
        catch (RequestFailedException e)
        {
            throw ComputeErrors.Map(e);
        }
        catch (AuthenticationFailedException e)
        {
            throw Unauthenticated(e);
        }

        return result;
    }

    internal static RunnerVm ToRunnerVm(VirtualMachineData data) =>
        new(
            data.Name,
            data.HardwareProfile?.VmSize?.ToString() ?? "",
            data.Priority == VirtualMachinePriorityType.Spot,
            data.ProvisioningState ?? "",
            new Dictionary<string, string>(data.Tags, StringComparer.OrdinalIgnoreCase),
            data.TimeCreated);

    /// <summary>
    /// The VM of that name as <see cref="VmCreated"/> when it exists; null when it does not. A VM left in state Failed
    /// by an earlier attempt is deleted first, so that the next PUT creates it afresh instead of updating it.
    /// </summary>
    private async Task<VmCreated?> ExistingAsync(VirtualMachineCollection vms, ResourceIdentifier scaleSet, string name, CancellationToken cancellationToken)
    {
        var vm = await GetOrNullAsync(vms, name, cancellationToken);
        if (vm is null)
        {
            return null;
        }

        EnsureInScaleSet(vm.Data, scaleSet, name);
        if (string.Equals(vm.Data.ProvisioningState, "Failed", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                await vm.DeleteAsync(WaitUntil.Completed, forceDeletion: true, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status != 404)
            {
                throw ComputeErrors.Map(e);
            }

            ComputeLog.FailedLeftoverDeleted(logger, name);
            return null;
        }

        var existing = ToRunnerVm(vm.Data);
        ComputeLog.AlreadyExists(logger, name, scaleSet, existing.Size, existing.Spot, existing.ProvisioningState);
        return new VmCreated(name, existing.Size, existing.Spot);
    }

    private static async Task<VirtualMachineResource?> GetOrNullAsync(VirtualMachineCollection vms, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await vms.GetAsync(name, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (RequestFailedException e)
        {
            throw ComputeErrors.Map(e);
        }
        catch (AuthenticationFailedException e)
        {
            throw Unauthenticated(e);
        }
    }

    /// <summary>The scale set's region, read once per scale set.</summary>
    private async Task<AzureLocation> LocationAsync(ResourceIdentifier scaleSet, CancellationToken cancellationToken)
    {
        if (locations.TryGetValue(scaleSet.ToString(), out var cached))
        {
            return cached;
        }

        try
        {
            var response = await arm.GetVirtualMachineScaleSetResource(scaleSet).GetAsync(cancellationToken: cancellationToken);
            var location = response.Value.Data.Location;
            ComputeLog.ScaleSetLocation(logger, scaleSet, location.Name);
            return locations.GetOrAdd(scaleSet.ToString(), location);
        }
        catch (RequestFailedException e)
        {
            throw ComputeErrors.Map(e);
        }
    }

    private VirtualMachineCollection VirtualMachines(ResourceIdentifier scaleSet) =>
        arm.GetResourceGroupResource(ResourceGroupResource.CreateResourceIdentifier(scaleSet.SubscriptionId!, scaleSet.ResourceGroupName!))
            .GetVirtualMachines();

    private PoolOptions Pool(string scaleSetId) =>
        scaler.CurrentValue.Pools.FirstOrDefault(p => string.Equals(p.ScaleSetId, scaleSetId, StringComparison.OrdinalIgnoreCase))
        ?? throw new ComputeException(ComputeFailure.Invalid,
            $"No pool has ScaleSetId '{scaleSetId}': the subnet, OS disk size and SSH key of its VMs come from Scaler__Pools__N__*.");

    private void EnsureInScaleSet(VirtualMachineData data, ResourceIdentifier scaleSet, string name)
    {
        if (!SameResource(data.VirtualMachineScaleSetId, scaleSet))
        {
            var actual = data.VirtualMachineScaleSetId?.ToString() ?? "no scale set";
            ComputeLog.NotInScaleSet(logger, name, scaleSet, actual);
            throw new ComputeException(ComputeFailure.Invalid, $"VM {name} belongs to {actual}, not to {scaleSet}: Scaler leaves it alone.");
        }
    }

    private static bool SameResource(ResourceIdentifier? a, ResourceIdentifier b) =>
        a is not null && string.Equals(a.ToString().TrimEnd('/'), b.ToString().TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private static ResourceIdentifier ScaleSetId(string scaleSetId)
    {
        if (ResourceIdentifier.TryParse(scaleSetId, out var id) && id is not null
            && id.ResourceType == VirtualMachineScaleSetResource.ResourceType
            && !string.IsNullOrEmpty(id.SubscriptionId) && !string.IsNullOrEmpty(id.ResourceGroupName))
        {
            return id;
        }

        throw new ComputeException(ComputeFailure.Invalid, $"'{scaleSetId}' is not the resource id of a virtual machine scale set.");
    }

    private static ComputeException Unauthenticated(AuthenticationFailedException e) =>
        new(ComputeFailure.Transient, "Could not get a token for Azure Resource Manager: " + e.Message, null, e);
}
