using Azure;
using Azure.ResourceManager.Compute.Models;
using Scaler.Core.Failures;

namespace Scaler.Core.Compute;

/// <summary>
/// The creates a watcher sees through: <see cref="StartCreateAsync"/> sends the <c>PUT</c> and returns once Azure
/// accepted it; <see cref="GetCreateStatusAsync"/> reads how it went.
/// </summary>
public sealed partial class AzureRunnerVms
{
    /// <summary>A failed create's instance view status: <c>ProvisioningState/failed/AllocationFailed</c>, as Azure writes it.</summary>
    private const string FailedStatusPrefix = "ProvisioningState/failed/";

    public async Task<bool> StartCreateAsync(VmRequest request, VmAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(attempt);
        if (attempt.SizeIndex < 0 || attempt.SizeIndex >= request.Sizes.Count)
        {
            throw ComputeErrors.Failure(FailureKind.Invalid, $"VM {request.Name} has no size {attempt.SizeIndex} to try: configure Scaler__Pools__N__VmSizes__{attempt.SizeIndex}.");
        }

        var scaleSet = ScaleSetId(request.ScaleSetId);
        var vms = VirtualMachines(scaleSet);
        if (await ExistingAsync(vms, scaleSet, request.Name, cancellationToken) is not null)
        {
            return false;
        }

        var location = await LocationAsync(scaleSet, cancellationToken);
        var sshKey = string.IsNullOrWhiteSpace(request.SshPublicKey) ? ThrowawayKey.Value : request.SshPublicKey.Trim();
        var (size, spot) = (attempt.Size(request), attempt.Spot);
        var data = VmDefinition.Build(request, location, size, spot, VmDefinition.EncodeCustomData(request.CustomData), VmDefinition.Subnet(request.SubnetId), sshKey);
        await SendAsync(() => vms.CreateOrUpdateAsync(WaitUntil.Started, request.Name, data, cancellationToken), spot);
        ComputeLog.CreateStarted(logger, request.Name, request.ScaleSetId, size, spot);
        return true;
    }

    public async Task<VmCreateStatus> GetCreateStatusAsync(string scaleSetId, string vmName, CancellationToken cancellationToken)
    {
        var vm = await GetInScaleSetAsync(scaleSetId, vmName, cancellationToken);
        if (vm is null)
        {
            return VmCreateStatus.Gone;
        }

        var found = ToRunnerVm(vm.Data);
        if (string.Equals(found.ProvisioningState, "Succeeded", StringComparison.OrdinalIgnoreCase))
        {
            return new VmCreateStatus(VmCreateState.Succeeded, found.Size, found.Spot);
        }

        if (!string.Equals(found.ProvisioningState, "Failed", StringComparison.OrdinalIgnoreCase))
        {
            return new VmCreateStatus(VmCreateState.Creating, found.Size, found.Spot);
        }

        // A failed create names its error in the instance view: code ProvisioningState/failed/<error code>.
        var view = await SendOrGoneAsync<VirtualMachineInstanceView?>(async () => (await vm.InstanceViewAsync(cancellationToken)).Value, whenGone: null);
        var status = view?.Statuses.FirstOrDefault(s => s.Code?.StartsWith(FailedStatusPrefix, StringComparison.OrdinalIgnoreCase) == true);
        var code = status?.Code?[FailedStatusPrefix.Length..] ?? "";
        var message = status?.Message ?? status?.DisplayStatus ?? "provisioning failed";
        var kind = ComputeErrors.Classify(200, code, message, found.Spot);
        return new VmCreateStatus(VmCreateState.Failed, found.Size, found.Spot, kind, string.IsNullOrEmpty(code) ? message : $"{code}: {message}");
    }
}
