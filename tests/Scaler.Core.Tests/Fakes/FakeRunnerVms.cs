using System.Collections.Concurrent;
using Scaler.Core.Compute;
using Scaler.Core.Failures;

namespace Scaler.Core.Tests.Fakes;

/// <summary>Scale sets in memory. Remembers the most VMs that ever existed at once.</summary>
internal sealed class FakeRunnerVms : IRunnerVms
{
    private readonly ConcurrentDictionary<string, (VmRequest Request, RunnerVm Vm)> vms = new();
    private readonly ConcurrentQueue<AdapterException> failures = new();
    private readonly ConcurrentDictionary<string, byte> deallocated = new();
    private readonly ConcurrentDictionary<string, VmPowerState> powers = new();
    private readonly ConcurrentDictionary<string, string> userData = new();
    private readonly Lock gate = new();

    public int MaxAtOnce { get; private set; }

    public int Created { get; private set; }

    public IReadOnlyCollection<VmRequest> Requests => [.. vms.Values.Select(v => v.Request)];

    public bool Exists(string name) => vms.ContainsKey(name);

    /// <summary>True once <see cref="KeepAsync"/> stopped the VM.</summary>
    public bool IsDeallocated(string name) => deallocated.ContainsKey(name);

    /// <summary>The next create, delete or keep throws this.</summary>
    public void FailNext(AdapterException failure) => failures.Enqueue(failure);

    /// <summary>Runs as a create begins, with the VM's name: what the VM would find at boot.</summary>
    public Action<string>? BeforeCreate { get; set; }

    public Task<VmCreated> CreateAsync(VmRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        BeforeCreate?.Invoke(request.Name);
        if (failures.TryDequeue(out var failure))
        {
            throw failure;
        }

        lock (gate)
        {
            if (!vms.TryGetValue(request.Name, out var existing))
            {
                existing = (request, new RunnerVm(request.Name, request.Sizes[0], request.Spot, "Succeeded", request.Tags, DateTimeOffset.UtcNow));
                vms[request.Name] = existing;
                Created++;
                MaxAtOnce = Math.Max(MaxAtOnce, vms.Count);
            }

            return Task.FromResult(new VmCreated(existing.Vm.Name, existing.Vm.Size, existing.Vm.Spot));
        }
    }

    /// <summary>Started creates read as Creating until <see cref="FinishCreates"/>, instead of provisioned at once.</summary>
    public bool CreatesTakeTime { get; set; }

    /// <summary>Size and priority whose started creates fail during provisioning, with the failure they report.</summary>
    private readonly ConcurrentDictionary<(string Size, bool Spot), FailureKind> provisioningFailures = new();

    /// <summary>Started creates of <paramref name="size"/> at that priority end Failed with <paramref name="kind"/>.</summary>
    public void FailProvisioning(string size, bool spot, FailureKind kind) => provisioningFailures[(size, spot)] = kind;

    /// <summary>Every started create still running is provisioned (or fails, as <see cref="FailProvisioning"/> says).</summary>
    public void FinishCreates()
    {
        lock (gate)
        {
            foreach (var (name, entry) in vms.Where(v => v.Value.Vm.ProvisioningState == "Creating").ToList())
            {
                vms[name] = (entry.Request, entry.Vm with { ProvisioningState = Outcome(entry.Vm.Size, entry.Vm.Spot) });
            }
        }
    }

    /// <summary>Runs once a create has been started and its VM is listed, with the VM's name.</summary>
    public Action<string>? CreateStarted { get; set; }

    /// <summary>Creates started, each with the size and priority it asked for, in order.</summary>
    public ConcurrentQueue<(string Name, string Size, bool Spot)> Started { get; } = new();

    /// <summary>Status reads made.</summary>
    public int StatusReads { get; private set; }

    public Task<bool> StartCreateAsync(VmRequest request, VmAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(attempt);
        BeforeCreate?.Invoke(request.Name);
        if (failures.TryDequeue(out var failure))
        {
            throw failure;
        }

        lock (gate)
        {
            if (vms.TryGetValue(request.Name, out var existing))
            {
                if (existing.Vm.ProvisioningState != "Failed")
                {
                    return Task.FromResult(false);
                }

                vms.TryRemove(request.Name, out _);
                startFailures.TryRemove(request.Name, out _);
                deallocated.TryRemove(request.Name, out _);
            }

            var size = attempt.Size(request);
            var state = CreatesTakeTime ? "Creating" : Outcome(size, attempt.Spot);
            vms[request.Name] = (request, new RunnerVm(request.Name, size, attempt.Spot, state, request.Tags, DateTimeOffset.UtcNow));
            Started.Enqueue((request.Name, size, attempt.Spot));
            Created++;
            MaxAtOnce = Math.Max(MaxAtOnce, vms.Count);
            CreateStarted?.Invoke(request.Name);
            return Task.FromResult(true);
        }
    }

    public Task<VmCreateStatus> GetCreateStatusAsync(string scaleSetId, string vmName, CancellationToken cancellationToken)
    {
        StatusReads++;
        if (failures.TryDequeue(out var failure))
        {
            throw failure;
        }

        if (!vms.TryGetValue(vmName, out var entry))
        {
            return Task.FromResult(VmCreateStatus.Gone);
        }

        var vm = entry.Vm;
        return Task.FromResult(vm.ProvisioningState switch
        {
            "Creating" => new VmCreateStatus(VmCreateState.Creating, vm.Size, vm.Spot),
            "Failed" => new VmCreateStatus(VmCreateState.Failed, vm.Size, vm.Spot, startFailures.TryGetValue(vmName, out var kind) ? kind : provisioningFailures[(vm.Size, vm.Spot)], "AllocationFailed: no capacity"),
            _ => new VmCreateStatus(VmCreateState.Succeeded, vm.Size, vm.Spot),
        });
    }

    private string Outcome(string size, bool spot) => provisioningFailures.ContainsKey((size, spot)) ? "Failed" : "Succeeded";

    /// <summary>Runs after each delete, with the VM's name: a create of that name that Azure accepts just after.</summary>
    public Action<string>? AfterDelete { get; set; }

    public Task<bool> DeleteAsync(string scaleSetId, string vmName, CancellationToken cancellationToken)
    {
        if (failures.TryDequeue(out var failure))
        {
            throw failure;
        }

        deallocated.TryRemove(vmName, out _);
        var deleted = vms.TryRemove(vmName, out _);
        AfterDelete?.Invoke(vmName);
        return Task.FromResult(deleted);
    }

    public Task<bool> KeepAsync(string scaleSetId, string vmName, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        if (failures.TryDequeue(out var failure))
        {
            throw failure;
        }

        lock (gate)
        {
            if (!vms.TryGetValue(vmName, out var existing))
            {
                return Task.FromResult(false);
            }

            deallocated[vmName] = 0;
            var merged = new Dictionary<string, string>(existing.Vm.Tags, StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in tags)
            {
                merged[key] = value;
            }

            vms[vmName] = (existing.Request, existing.Vm with { Tags = merged });
            return Task.FromResult(true);
        }
    }

    /// <summary>The VM's userData as last set (plain text); empty when never set or cleared.</summary>
    public string UserData(string name) => userData.GetValueOrDefault(name, "");

    /// <summary>Power-ons asked for, by VM name, in order.</summary>
    public ConcurrentQueue<string> PoweredOn { get; } = new();

    private readonly ConcurrentDictionary<string, FailureKind> startFailures = new();

    /// <summary>The VM's start failed in Azure: it reads provisioning state Failed with <paramref name="kind"/>, still deallocated.</summary>
    public void FailStart(string name, FailureKind kind)
    {
        lock (gate)
        {
            var entry = vms[name];
            startFailures[name] = kind;
            deallocated[name] = 0;
            vms[name] = (entry.Request, entry.Vm with { ProvisioningState = "Failed" });
        }
    }

    /// <summary>The guest powers the VM off (as a prepared standby VM does).</summary>
    public void PowerOff(string name) => powers[name] = VmPowerState.Stopped;

    public Task<VmPowerState> GetPowerStateAsync(string scaleSetId, string vmName, CancellationToken cancellationToken)
    {
        StatusReads++;
        if (failures.TryDequeue(out var failure))
        {
            throw failure;
        }

        return Task.FromResult(!vms.ContainsKey(vmName) ? VmPowerState.Gone
            : deallocated.ContainsKey(vmName) ? VmPowerState.Deallocated
            : powers.GetValueOrDefault(vmName, VmPowerState.Running));
    }

    public Task<bool> DeallocateAsync(string scaleSetId, string vmName, CancellationToken cancellationToken)
    {
        if (failures.TryDequeue(out var failure))
        {
            throw failure;
        }

        if (!vms.ContainsKey(vmName))
        {
            return Task.FromResult(false);
        }

        deallocated[vmName] = 0;
        return Task.FromResult(true);
    }

    public Task<bool> UpdateAsync(string scaleSetId, string vmName, VmUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (failures.TryDequeue(out var failure))
        {
            throw failure;
        }

        lock (gate)
        {
            if (!vms.TryGetValue(vmName, out var existing))
            {
                return Task.FromResult(false);
            }

            var tags = new Dictionary<string, string>(existing.Vm.Tags, StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in update.Tags)
            {
                if (value is null)
                {
                    tags.Remove(key);
                }
                else
                {
                    tags[key] = value;
                }
            }

            if (update.UserData is not null)
            {
                userData[vmName] = update.UserData;
            }

            vms[vmName] = (existing.Request, existing.Vm with { Tags = tags });
            return Task.FromResult(true);
        }
    }

    public Task<bool> PowerOnAsync(string scaleSetId, string vmName, CancellationToken cancellationToken)
    {
        if (failures.TryDequeue(out var failure))
        {
            throw failure;
        }

        if (!vms.ContainsKey(vmName))
        {
            return Task.FromResult(false);
        }

        deallocated.TryRemove(vmName, out _);
        powers[vmName] = VmPowerState.Running;
        PoweredOn.Enqueue(vmName);
        return Task.FromResult(true);
    }

    /// <summary>Runs after each list is taken, as a stall of the caller or a create accepted just after the list would.</summary>
    public Action? AfterList { get; set; }

    public Task<IReadOnlyList<RunnerVm>> ListAsync(string scaleSetId, CancellationToken cancellationToken)
    {
        IReadOnlyList<RunnerVm> listed = [.. vms.Values.Where(v => v.Request.ScaleSetId == scaleSetId).Select(v => v.Vm)];
        AfterList?.Invoke();
        return Task.FromResult(listed);
    }
}
