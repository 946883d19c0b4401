using Scaler.Core.Compute;
using Scaler.Core.Failures;

namespace Scaler.Cli.Simulation;

/// <summary>
/// A standby VM's power in virtual time: powered off by its first boot (<see cref="VmPowerState.Stopped"/>, still
/// allocated), deallocated <see cref="SimulationOptions.DeallocateDuration"/> after Scaler asks, given a JIT config in its
/// <c>userData</c>, and started: it runs <see cref="SimulationOptions.StartDuration"/> after the request and its runner is
/// online <see cref="SimulationOptions.PreparedBootDuration"/> later. ARM calls are counted as <c>AzureRunnerVmsPower</c>
/// makes them: a <c>GET</c> of the VM, then the call.
/// </summary>
internal sealed partial class SimulatedVms
{
    /// <summary>A <c>GET</c> of the VM and one of its instance view.</summary>
    public Task<VmPowerState> GetPowerStateAsync(string scaleSetId, string vmName, CancellationToken cancellationToken)
    {
        ArmReads++;
        if (Existing(vmName) is not { } vm)
        {
            return Task.FromResult(VmPowerState.Gone);
        }

        ArmReads++;
        return Task.FromResult(vm.Power);
    }

    /// <summary>A <c>GET</c> and the deallocate request, which returns once accepted; compute is billed until it ends.</summary>
    public Task<bool> DeallocateAsync(string scaleSetId, string vmName, CancellationToken cancellationToken)
    {
        ArmReads++;
        if (Existing(vmName) is not { } vm)
        {
            return Task.FromResult(false);
        }

        ArmWrites++;
        if (vm.Power is VmPowerState.Deallocating or VmPowerState.Deallocated)
        {
            return Task.FromResult(true);
        }

        vm.Power = VmPowerState.Deallocating;
        loop.After(options.DeallocateDuration, () =>
        {
            if (vm.LeftAt is null && vm.Power == VmPowerState.Deallocating)
            {
                vm.Power = VmPowerState.Deallocated;
                vm.Deallocated(loop.Now);
            }
        });
        return Task.FromResult(true);
    }

    /// <summary>
    /// A <c>GET</c> and the <c>PATCH</c>, applied at once (its operation is not modelled: no polls). Tags with a null
    /// value are removed.
    /// </summary>
    public Task<bool> UpdateAsync(string scaleSetId, string vmName, VmUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArmReads++;
        if (Existing(vmName) is not { } vm)
        {
            return Task.FromResult(false);
        }

        ArmWrites++;
        foreach (var (key, value) in update.Tags)
        {
            if (value is null)
            {
                vm.Tags.Remove(key);
            }
            else
            {
                vm.Tags[key] = value;
            }
        }

        vm.UserData = update.UserData ?? vm.UserData;
        return Task.FromResult(true);
    }

    /// <summary>
    /// A <c>GET</c> and the start request, which returns once accepted. The VM is billed for compute again from the
    /// request and runs <see cref="SimulationOptions.StartDuration"/> later; its runner, if its <c>userData</c> then holds a
    /// JIT config, is online <see cref="SimulationOptions.PreparedBootDuration"/> after that. Azure refuses to start a VM
    /// that is deallocating (409).
    /// </summary>
    public Task<bool> PowerOnAsync(string scaleSetId, string vmName, CancellationToken cancellationToken)
    {
        ArmReads++;
        if (Existing(vmName) is not { } vm)
        {
            return Task.FromResult(false);
        }

        if (vm.Power == VmPowerState.Deallocating)
        {
            throw new AdapterException(AdapterName.Compute, FailureKind.Conflict, $"VM {vmName} is being deallocated: it cannot be started now.");
        }

        ArmWrites++;
        if (vm.Power is VmPowerState.Starting or VmPowerState.Running)
        {
            return Task.FromResult(true);
        }

        vm.Standby = false;
        vm.Power = VmPowerState.Starting;
        vm.Started(loop.Now);
        vm.ReadyAt = loop.Now + options.StartDuration;
        loop.After(options.StartDuration, () =>
        {
            if (vm.LeftAt is not null)
            {
                return;
            }

            vm.Power = VmPowerState.Running;
            if (vm.UserData.Length == 0)
            {
                return;
            }

            loop.After(options.PreparedBootDuration, () =>
            {
                if (vm.LeftAt is null)
                {
                    vm.OnlineAt = loop.Now;
                    Booted?.Invoke(vm);
                }
            });
        });
        return Task.FromResult(true);
    }

    /// <summary>The VM of that name unless it is gone or being deleted (a kept VM is there).</summary>
    private SimulatedVm? Existing(string vmName) =>
        live.TryGetValue(vmName, out var vm) && vm.DeletedAt is null && (vm.LeftAt is null || vm.Kept) ? vm : null;
}
