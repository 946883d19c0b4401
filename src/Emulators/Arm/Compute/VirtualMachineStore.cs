using Scaler.Emulators.Arm.Recording;

namespace Scaler.Emulators.Arm.Compute;

/// <summary>Thread-safe state of the emulated subscription: scale sets and VMs. Records each VM's creation and end in <paramref name="history"/> under its lock.</summary>
internal sealed class VirtualMachineStore(VmHistory history)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, EmulatedScaleSet> scaleSets = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, VmRecord> vms = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> resourceGroups = new(StringComparer.OrdinalIgnoreCase);
    private long sequence;

    public void AddResourceGroup(string subscriptionId, string resourceGroup, string location)
    {
        lock (gate)
        {
            resourceGroups.TryAdd($"{subscriptionId}/{resourceGroup}", location);
        }
    }

    /// <summary>The location of a seeded resource group, or null when it does not exist.</summary>
    public string? FindResourceGroup(string subscriptionId, string resourceGroup)
    {
        lock (gate)
        {
            return resourceGroups.GetValueOrDefault($"{subscriptionId}/{resourceGroup}");
        }
    }

    public bool HasSubscription(string subscriptionId)
    {
        lock (gate)
        {
            return resourceGroups.Keys.Any(key => key.StartsWith(subscriptionId + "/", StringComparison.OrdinalIgnoreCase));
        }
    }

    public void AddScaleSet(EmulatedScaleSet scaleSet)
    {
        lock (gate)
        {
            scaleSets[scaleSet.ResourceId] = scaleSet;
        }
    }

    public EmulatedScaleSet? FindScaleSet(string resourceId)
    {
        lock (gate)
        {
            return scaleSets.GetValueOrDefault(resourceId);
        }
    }

    public long NextSequence() => Interlocked.Increment(ref sequence);

    /// <summary>Adds <paramref name="candidate"/> unless a VM with its id exists; returns the VM that is stored.</summary>
    public (VmRecord Record, bool Created) AddOrGet(VmRecord candidate, DateTimeOffset now)
    {
        lock (gate)
        {
            PurgeGone(now);
            if (vms.TryGetValue(candidate.ResourceId, out var existing))
            {
                return (existing, false);
            }

            vms[candidate.ResourceId] = candidate;
            history.Record(VmEventKind.Created, candidate.Name, candidate.Request.ScaleSetId, now);
            return (candidate, true);
        }
    }

    public VmRecord? Find(string resourceId, DateTimeOffset now)
    {
        lock (gate)
        {
            PurgeGone(now);
            return vms.GetValueOrDefault(resourceId);
        }
    }

    public IReadOnlyList<VmRecord> List(string subscriptionId, string resourceGroup, string? scaleSetId, DateTimeOffset now)
    {
        lock (gate)
        {
            PurgeGone(now);
            return [.. vms.Values
                .Where(vm => vm.SubscriptionId.Equals(subscriptionId, StringComparison.OrdinalIgnoreCase)
                    && vm.ResourceGroup.Equals(resourceGroup, StringComparison.OrdinalIgnoreCase)
                    && (scaleSetId is null || string.Equals(vm.Request.ScaleSetId?.TrimEnd('/'), scaleSetId.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)))
                .OrderBy(vm => vm.Sequence)];
        }
    }

    /// <summary>Marks a VM as being deleted; it disappears at <paramref name="goneAt"/>. Null when absent.</summary>
    public (VmRecord? Record, bool Started) BeginDelete(string resourceId, DateTimeOffset now, DateTimeOffset goneAt)
    {
        lock (gate)
        {
            PurgeGone(now);
            if (!vms.TryGetValue(resourceId, out var vm))
            {
                return (null, false);
            }

            if (vm.GoneAt is not null)
            {
                return (vm, false);
            }

            vm.GoneAt = goneAt;
            history.Record(VmEventKind.Deleted, vm.Name, vm.Request.ScaleSetId, now);
            return (vm, true);
        }
    }

    /// <summary>Removes a VM that Azure took away (an eviction), recording it as evicted unless its deletion was already under way.</summary>
    public VmRecord? Evict(string resourceId, DateTimeOffset now)
    {
        lock (gate)
        {
            if (!vms.Remove(resourceId, out var vm))
            {
                return null;
            }

            if (vm.GoneAt is null)
            {
                history.Record(VmEventKind.Evicted, vm.Name, vm.Request.ScaleSetId, now);
            }

            return vm;
        }
    }

    public VmRecord? FindByName(string name, DateTimeOffset now)
    {
        lock (gate)
        {
            PurgeGone(now);
            return vms.Values.FirstOrDefault(vm => vm.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>
    /// Changes a VM's power under the lock; when <paramref name="change"/> returns a kind, it is recorded in the history
    /// in the same step, so its place in the sequence is exact.
    /// </summary>
    public T ChangePower<T>(VmRecord vm, DateTimeOffset now, Func<VmRecord, (T Result, VmPowerEventKind? Recorded)> change)
    {
        lock (gate)
        {
            var (result, recorded) = change(vm);
            if (recorded is { } kind)
            {
                history.RecordPower(kind, vm.Name, vm.Request.ScaleSetId, now);
            }

            return result;
        }
    }

    public void Update(VmRecord vm, Action<VmRecord> change)
    {
        lock (gate)
        {
            change(vm);
        }
    }

    /// <summary>Reads a VM's mutable state consistently.</summary>
    public T Read<T>(VmRecord vm, Func<VmRecord, T> read)
    {
        lock (gate)
        {
            return read(vm);
        }
    }

    public EmulatedVm Snapshot(VmRecord vm, DateTimeOffset now)
    {
        lock (gate)
        {
            return vm.Snapshot(now);
        }
    }

    public IReadOnlyList<EmulatedVm> Snapshots(DateTimeOffset now)
    {
        lock (gate)
        {
            PurgeGone(now);
            return [.. vms.Values.OrderBy(vm => vm.Sequence).Select(vm => vm.Snapshot(now))];
        }
    }

    private void PurgeGone(DateTimeOffset now)
    {
        foreach (var gone in vms.Values.Where(vm => vm.GoneAt <= now).ToList())
        {
            vms.Remove(gone.ResourceId);
        }
    }
}
