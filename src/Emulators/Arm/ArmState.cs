using System.Text;
using Scaler.Emulators.Arm.Boot;

namespace Scaler.Emulators.Arm;

/// <summary>Scale sets, VMs and long-running operations, and the VM lifecycle (provision, boot, delete).</summary>
internal sealed class ArmState(ArmEmulatorOptions options, ArmFaults faults, ArmCounters counters)
{
    private readonly Dictionary<string, ScaleSet> scaleSets = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, EmulatedVm> vms = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Operation> operations = new(StringComparer.Ordinal);
    private readonly List<ITimer> timers = [];

    public Lock Gate { get; } = new();

    public TimeProvider Time => options.Time;

    public ArmFaults Faults => faults;

    public void AddScaleSet(ScaleSet scaleSet)
    {
        lock (Gate)
        {
            scaleSets[scaleSet.Id] = scaleSet;
        }
    }

    public ScaleSet? FindScaleSet(string id)
    {
        lock (Gate)
        {
            return scaleSets.GetValueOrDefault(id);
        }
    }

    public EmulatedVm? FindVm(string id)
    {
        lock (Gate)
        {
            return vms.GetValueOrDefault(id);
        }
    }

    public IReadOnlyList<EmulatedVm> Vms()
    {
        lock (Gate)
        {
            return [.. vms.Values.OrderBy(v => v.Name, StringComparer.Ordinal)];
        }
    }

    public Operation? FindOperation(string id)
    {
        lock (Gate)
        {
            return operations.GetValueOrDefault(id);
        }
    }

    /// <summary>Adds the VM and starts its create operation; succeeded after the provisioning delay, then it boots.</summary>
    public Operation Create(EmulatedVm vm)
    {
        lock (Gate)
        {
            vms[vm.Id] = vm;
            counters.VmCreated();
            var operation = NewOperation(vm.Id);
            After(options.ProvisioningDelay, () => Provisioned(vm, operation));
            return operation;
        }
    }

    /// <summary>Starts deleting the VM; it is gone after the provisioning delay, and its guest agent shuts down.</summary>
    public Operation Delete(EmulatedVm vm)
    {
        lock (Gate)
        {
            vm.ProvisioningState = "Deleting";
            var operation = NewOperation(vm.Id);
            After(options.ProvisioningDelay, () => Remove(vm, operation, evicted: false));
            return operation;
        }
    }

    /// <summary>A Spot eviction with policy Delete: the VM disappears at once.</summary>
    public bool Evict(string name)
    {
        EmulatedVm? vm;
        lock (Gate)
        {
            vm = vms.Values.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase));
        }

        if (vm is null)
        {
            return false;
        }

        Remove(vm, null, evicted: true);
        return true;
    }

    public void StopTimers()
    {
        lock (Gate)
        {
            foreach (var timer in timers)
            {
                timer.Dispose();
            }

            timers.Clear();
        }
    }

    private void Provisioned(EmulatedVm vm, Operation operation)
    {
        lock (Gate)
        {
            if (!vms.ContainsKey(vm.Id))
            {
                return;
            }

            vm.ProvisioningState = "Succeeded";
            operation.Status = "Succeeded";
        }

        if (!faults.BootFails(vm.Name))
        {
            After(options.BootDelay, () => _ = BootAsync(vm));
        }
    }

    private async Task BootAsync(EmulatedVm vm)
    {
        var info = CloudInitReader.Read(vm.CustomData);
        lock (Gate)
        {
            if (!vms.ContainsKey(vm.Id))
            {
                return;
            }

            vm.Booted = true;
        }

        if (options.GuestAgent is { } agent)
        {
            await agent.BootAsync(vm, info, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private void Remove(EmulatedVm vm, Operation? operation, bool evicted)
    {
        lock (Gate)
        {
            if (!vms.Remove(vm.Id))
            {
                return;
            }

            if (operation is not null)
            {
                operation.Status = "Succeeded";
            }

            if (evicted)
            {
                counters.VmEvicted();
            }
            else
            {
                counters.VmDeleted();
            }
        }

        if (options.GuestAgent is { } agent && vm.Booted)
        {
            _ = agent.ShutdownAsync(vm, CancellationToken.None);
        }
    }

    private Operation NewOperation(string resourceId)
    {
        var operation = new Operation(Guid.NewGuid().ToString(), resourceId, options.Time.GetUtcNow());
        operations[operation.Id] = operation;
        return operation;
    }

    private void After(TimeSpan delay, Action action)
    {
        if (delay <= TimeSpan.Zero)
        {
            ThreadPool.QueueUserWorkItem(_ => action());
            return;
        }

        lock (Gate)
        {
            timers.Add(options.Time.CreateTimer(_ => action(), null, delay, Timeout.InfiniteTimeSpan));
        }
    }

    public static string Decode(string? base64) =>
        string.IsNullOrEmpty(base64) ? "" : Encoding.UTF8.GetString(Convert.FromBase64String(base64));
}

/// <summary>A scale set the emulator knows; only Flexible ones accept VMs.</summary>
public sealed record ScaleSet(string Id, string Location, string OrchestrationMode);

/// <summary>A long-running operation, polled through <c>Azure-AsyncOperation</c>.</summary>
internal sealed class Operation(string id, string resourceId, DateTimeOffset started)
{
    public string Id { get; } = id;

    public string ResourceId { get; } = resourceId;

    public DateTimeOffset Started { get; } = started;

    public string Status { get; set; } = "InProgress";
}
