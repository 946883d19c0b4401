using System.Collections.Concurrent;
using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.ResourceManager;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;
using Azure.ResourceManager.Resources;
using Microsoft.Extensions.Logging;
using Scaler.Core.Failures;

namespace Scaler.Core.Compute;

/// <summary>
/// <see cref="IRunnerVms"/> on Azure Resource Manager: one plain VM per runner in the request's Flexible scale set, made
/// of what the <see cref="VmRequest"/> says. Every ARM call goes through <see cref="SendAsync{T}"/>, so Azure's failures
/// leave as <see cref="AdapterException"/>s of <see cref="AdapterName.Compute"/>.
/// </summary>
public sealed partial class AzureRunnerVms : IRunnerVms
{
    /// <summary>One per process: its private half was never kept, so sharing it grants nothing.</summary>
    private static readonly Lazy<string> ThrowawayKey = new(ThrowawaySshKey.Create);

    private readonly ArmClient arm;
    private readonly ILogger<AzureRunnerVms> logger;
    private readonly ConcurrentDictionary<string, AzureLocation> locations = new(StringComparer.OrdinalIgnoreCase);

    public AzureRunnerVms(ArmClient arm, ILogger<AzureRunnerVms> logger)
    {
        ArgumentNullException.ThrowIfNull(arm);
        ArgumentNullException.ThrowIfNull(logger);
        this.arm = arm;
        this.logger = logger;
    }

    public async Task<VmCreated> CreateAsync(VmRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Sizes.Count == 0)
        {
            throw ComputeErrors.Failure(FailureKind.Invalid, $"VM {request.Name} has no sizes to try: configure Scaler__Pools__N__VmSizes__0.");
        }

        var customData = VmDefinition.EncodeCustomData(request.CustomData);
        var subnet = VmDefinition.Subnet(request.SubnetId);
        var scaleSet = ScaleSetId(request.ScaleSetId);
        var sshKey = string.IsNullOrWhiteSpace(request.SshPublicKey) ? ThrowawayKey.Value : request.SshPublicKey.Trim();
        var vms = VirtualMachines(scaleSet);
        var existing = await ExistingAsync(vms, scaleSet, request.Name, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        var location = await LocationAsync(scaleSet, cancellationToken);
        var attempt = VmAttempt.First(request);
        for (var tries = 1; ; tries++)
        {
            var (size, spot) = (attempt.Size(request), attempt.Spot);
            ComputeLog.Creating(logger, request.Name, request.ScaleSetId, size, spot);
            var data = VmDefinition.Build(request, location, size, spot, customData, subnet, sshKey);
            try
            {
                await SendAsync(() => vms.CreateOrUpdateAsync(WaitUntil.Completed, request.Name, data, cancellationToken), spot);
                ComputeLog.Created(logger, request.Name, request.ScaleSetId, size, spot, tries);
                return new VmCreated(request.Name, size, spot);
            }
            catch (AdapterException e)
            {
                var next = attempt.After(e.Kind, request);
                if (next is null)
                {
                    ComputeLog.CreateFailed(logger, request.Name, request.ScaleSetId, e.Kind, e.Message);
                    throw;
                }

                LogFallback(request, attempt, next, e);
                attempt = next;
            }

            await ExistingAsync(vms, scaleSet, request.Name, cancellationToken);
        }
    }

    /// <summary>Logs the step <see cref="VmAttempt.After"/> took: to Regular priority, or to the next size.</summary>
    private void LogFallback(VmRequest request, VmAttempt failed, VmAttempt next, AdapterException failure)
    {
        if (next.SizeIndex == failed.SizeIndex)
        {
            ComputeLog.SpotFallback(logger, request.Name, failed.Size(request), failure.Message);
        }
        else
        {
            ComputeLog.SizeFallback(logger, request.Name, failed.Size(request), failure.Kind, failure.Message, next.Size(request));
        }
    }

    public async Task<bool> DeleteAsync(string scaleSetId, string vmName, CancellationToken cancellationToken)
    {
        var vm = await GetInScaleSetAsync(scaleSetId, vmName, cancellationToken);
        if (vm is null)
        {
            ComputeLog.AlreadyGone(logger, vmName, scaleSetId);
            return false;
        }

        if (!await DeleteOrGoneAsync(vm, cancellationToken))
        {
            ComputeLog.AlreadyGone(logger, vmName, scaleSetId);
            return false;
        }

        ComputeLog.Deleted(logger, vmName, scaleSetId);
        return true;
    }

    public async Task<bool> KeepAsync(string scaleSetId, string vmName, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var vm = await GetInScaleSetAsync(scaleSetId, vmName, cancellationToken);
        if (vm is null)
        {
            ComputeLog.AlreadyGone(logger, vmName, scaleSetId);
            return false;
        }

        var kept = await SendOrGoneAsync(
            async () =>
            {
                await DeallocateAndTagAsync(vm, tags, cancellationToken);
                return true;
            },
            whenGone: false);
        if (!kept)
        {
            ComputeLog.AlreadyGone(logger, vmName, scaleSetId);
            return false;
        }

        ComputeLog.Kept(logger, vmName, scaleSetId);
        return true;
    }

    public async Task<IReadOnlyList<RunnerVm>> ListAsync(string scaleSetId, CancellationToken cancellationToken)
    {
        var scaleSet = ScaleSetId(scaleSetId);
        var filter = $"'virtualMachineScaleSet/id' eq '{scaleSet}'";
        return await SendAsync(async () =>
        {
            var result = new List<RunnerVm>();
            await foreach (var vm in VirtualMachines(scaleSet).GetAllAsync(filter, cancellationToken))
            {
                // The filter is Azure's; checking again keeps VMs of other scale sets out if a server ignores it.
                if (SameResource(vm.Data.VirtualMachineScaleSetId, scaleSet))
                {
                    result.Add(ToRunnerVm(vm.Data));
                }
            }

            return result;
        });
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
            await DeleteOrGoneAsync(vm, cancellationToken);
            ComputeLog.FailedLeftoverDeleted(logger, name);
            return null;
        }

        var existing = ToRunnerVm(vm.Data);
        ComputeLog.AlreadyExists(logger, name, scaleSet, existing.Size, existing.Spot, existing.ProvisioningState);
        return new VmCreated(name, existing.Size, existing.Spot);
    }

    private static Task<VirtualMachineResource?> GetOrNullAsync(VirtualMachineCollection vms, string name, CancellationToken cancellationToken) =>
        SendOrGoneAsync<VirtualMachineResource?>(async () => (await vms.GetAsync(name, cancellationToken: cancellationToken)).Value, whenGone: null);

    /// <summary>Deletes the VM with its NIC and disk; false when it was already gone.</summary>
    private static Task<bool> DeleteOrGoneAsync(VirtualMachineResource vm, CancellationToken cancellationToken) =>
        SendOrGoneAsync(
            async () =>
            {
                await vm.DeleteAsync(WaitUntil.Completed, forceDeletion: true, cancellationToken);
                return true;
            },
            whenGone: false);

    /// <summary>
    /// Stops the VM (deallocated: no compute billing, disk kept), then tags it. The patch carries every tag: the
    /// outcome is the same whether ARM merges the patch's tags or replaces the set.
    /// </summary>
    private static async Task DeallocateAndTagAsync(VirtualMachineResource vm, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        await vm.DeallocateAsync(WaitUntil.Completed, cancellationToken: cancellationToken);
        var patch = new VirtualMachinePatch();
        foreach (var (key, value) in vm.Data.Tags.Concat(tags))
        {
            patch.Tags[key] = value;
        }

        await vm.UpdateAsync(WaitUntil.Completed, patch, cancellationToken: cancellationToken);
    }

    /// <summary>The scale set's region, read once per scale set.</summary>
    private async Task<AzureLocation> LocationAsync(ResourceIdentifier scaleSet, CancellationToken cancellationToken)
    {
        if (locations.TryGetValue(scaleSet.ToString(), out var cached))
        {
            return cached;
        }

        var response = await SendAsync(() => arm.GetVirtualMachineScaleSetResource(scaleSet).GetAsync(cancellationToken: cancellationToken));
        var location = response.Value.Data.Location;
        ComputeLog.ScaleSetLocation(logger, scaleSet, location.Name);
        return locations.GetOrAdd(scaleSet.ToString(), location);
    }

    /// <summary>
    /// Every call to Azure Resource Manager goes through here: a <see cref="RequestFailedException"/> leaves as
    /// <see cref="ComputeErrors.Map"/> reads it (<paramref name="spot"/>: the call asked for Spot), a token that could
    /// not be had as <see cref="FailureKind.Transient"/>.
    /// </summary>
    private static async Task<T> SendAsync<T>(Func<Task<T>> call, bool spot = false)
    {
        try
        {
            return await call();
        }
        catch (RequestFailedException e)
        {
            throw ComputeErrors.Map(e, spot);
        }
        catch (AuthenticationFailedException e)
        {
            throw ComputeErrors.Failure(FailureKind.Transient, "Could not get a token for Azure Resource Manager: " + e.Message, inner: e);
        }
    }

    /// <summary><see cref="SendAsync{T}"/>, or <paramref name="whenGone"/> when ARM answers 404: the resource does not exist (any more).</summary>
    private static async Task<T> SendOrGoneAsync<T>(Func<Task<T>> call, T whenGone)
    {
        try
        {
            return await SendAsync(call);
        }
        catch (AdapterException e) when (e.InnerException is RequestFailedException { Status: 404 })
        {
            return whenGone;
        }
    }

    private VirtualMachineCollection VirtualMachines(ResourceIdentifier scaleSet) =>
        arm.GetResourceGroupResource(ResourceGroupResource.CreateResourceIdentifier(scaleSet.SubscriptionId!, scaleSet.ResourceGroupName!))
            .GetVirtualMachines();

    private void EnsureInScaleSet(VirtualMachineData data, ResourceIdentifier scaleSet, string name)
    {
        if (!SameResource(data.VirtualMachineScaleSetId, scaleSet))
        {
            var actual = data.VirtualMachineScaleSetId?.ToString() ?? "no scale set";
            ComputeLog.NotInScaleSet(logger, name, scaleSet, actual);
            throw ComputeErrors.Failure(FailureKind.Invalid, $"VM {name} belongs to {actual}, not to {scaleSet}: Scaler leaves it alone.");
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

        throw ComputeErrors.Failure(FailureKind.Invalid, $"'{scaleSetId}' is not the resource id of a virtual machine scale set.");
    }
}
