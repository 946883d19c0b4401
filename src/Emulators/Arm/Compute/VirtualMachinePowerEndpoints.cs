using Microsoft.AspNetCore.Http;
using Scaler.Emulators.Arm.Json;
using Scaler.Emulators.Arm.Operations;
using Scaler.Emulators.Arm.Recording;

namespace Scaler.Emulators.Arm.Compute;

/// <summary>The power actions: deallocate a VM, and start a stopped or deallocated one.</summary>
internal sealed partial class VirtualMachineEndpoints
{
    /// <summary>
    /// Deallocates the VM (PowerState/deallocated) from running, stopped or a failed start, and shuts its guest down; a guest
    /// that has not booted never will. 409 while the VM is being created, started or deleted.
    /// </summary>
    public async Task DeallocateAsync(HttpContext context, string subscriptionId, string resourceGroup, string name, CancellationToken cancellationToken)
    {
        var now = Now;
        var vm = store.Find(ResourceId.VirtualMachine(subscriptionId, resourceGroup, name), now);
        if (vm is null)
        {
            await ArmError.NotFound("Microsoft.Compute/virtualMachines", name, resourceGroup).WriteAsync(context, cancellationToken);
            return;
        }

        var state = store.Read(vm, v => v.StateAt(now));
        if (state is VmState.Creating or VmState.Deleting or VmState.Starting)
        {
            await NotAllowed("deallocate", name, state).WriteAsync(context, cancellationToken);
            return;
        }

        // Read and set under the store's lock at once, so two concurrent requests shut the guest down once.
        var started = store.ChangePower(vm, now, v =>
        {
            v.StartFailure = null;
            return v.Deallocate();
        });
        if (started)
        {
            counters.CountDeallocated();
            guests.ScheduleShutdown(vm);
        }

        var operation = operations.Start(subscriptionId, vm.Request.Location, now, failure: null);
        LongRunningOperations.AddPollingHeaders(context, operation, ApiVersion(context), includeLocation: true);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    /// <summary>
    /// Starts a stopped or deallocated VM (or one whose last start failed): 202, <c>PowerState/starting</c> and provisioningState
    /// <c>Updating</c> for the start time, then running, and its guest boots again. A running VM: 200, nothing changes. A start
    /// that <c>ArmFaults.FailStarts</c> fails ends Failed with the allocation error and leaves the VM deallocated.
    /// </summary>
    public async Task StartAsync(HttpContext context, string subscriptionId, string resourceGroup, string name, CancellationToken cancellationToken)
    {
        var now = Now;
        var vm = store.Find(ResourceId.VirtualMachine(subscriptionId, resourceGroup, name), now);
        if (vm is null)
        {
            await ArmError.NotFound("Microsoft.Compute/virtualMachines", name, resourceGroup).WriteAsync(context, cancellationToken);
            return;
        }

        var (state, createFailed, startingUntil, pendingFailure) = store.Read(vm, v => (v.StateAt(now), v.ProvisioningFailure is not null, v.StartingUntil, v.StartFailure));
        if (state is VmState.Creating or VmState.Deleting || createFailed)
        {
            await NotAllowed("start", name, state).WriteAsync(context, cancellationToken);
            return;
        }

        if (state is VmState.Running)
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        // A second start while one is under way follows the first one's operation.
        var completesAt = startingUntil ?? now;
        var failure = pendingFailure;
        if (state is not VmState.Starting)
        {
            failure = faults.StartError();
            completesAt = now + timings.NextStart();
            var (cycle, settled) = store.ChangePower(vm, now, v =>
            {
                v.StartingUntil = completesAt;
                v.StartFailure = failure;
                v.PowerCycle++;
                if (failure is null)
                {
                    v.Deallocated = false;
                    v.PoweredOff = false;
                    v.BootState = BootState.Pending;
                    v.BootSettled = new(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                return ((v.PowerCycle, v.BootSettled), failure is null ? VmPowerEventKind.Started : VmPowerEventKind.StartFailed);
            });
            counters.CountStarted();
            if (failure is null)
            {
                guests.ScheduleBootAfterStart(vm, completesAt, cycle, settled);
            }
        }

        var operation = operations.Start(subscriptionId, vm.Request.Location, completesAt, failure);
        LongRunningOperations.AddPollingHeaders(context, operation, ApiVersion(context), includeLocation: true);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    private static ArmError NotAllowed(string action, string name, VmState state) => new(
        StatusCodes.Status409Conflict,
        "OperationNotAllowed",
        $"Operation '{action}' is not allowed on VM '{name}' while it is {(state is VmState.Failed ? "in a failed create" : state.ToString().ToLowerInvariant())}.");
}
