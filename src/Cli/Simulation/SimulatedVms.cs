using Scaler.Core.Compute;

namespace Scaler.Cli.Simulation;

/// <summary>
/// A Flexible scale set in virtual time: a create returns when its operation ends, after
/// <see cref="SimulationOptions.CreateDuration"/> (the caller waits for it, as Scaler waits for Azure's), and the VM's
/// runner comes online <see cref="SimulationOptions.BootDuration"/> later; a delete stops the VM at once and removes it
/// from the listing after <see cref="SimulationOptions.DeleteDuration"/>. The first size of a request is always available.
/// A VM created with the standby cloud-init powers itself off after its boot instead (see the power methods).
/// </summary>
internal sealed partial class SimulatedVms(EventLoop loop, SimulationOptions options) : IRunnerVms
{
    private readonly Dictionary<string, SimulatedVm> live = new(StringComparer.Ordinal);

    /// <summary>Every VM ever created, in creation order.</summary>
    public List<SimulatedVm> All { get; } = [];

    /// <summary>A VM's runner process started: it registers with its JIT config and is online.</summary>
    public Action<SimulatedVm>? Booted { get; set; }

    /// <summary>A VM stopped (deleted or kept): its runner goes offline.</summary>
    public Action<SimulatedVm>? Stopped { get; set; }

    public IEnumerable<SimulatedVm> Live => live.Values;

    public SimulatedVm? Find(string name) => live.GetValueOrDefault(name);

    /// <summary>
    /// Azure Resource Manager reads (GETs, lists, polls of long-running operations) as <c>AzureRunnerVms</c> makes them.
    /// </summary>
    public int ArmReads { get; private set; }

    /// <summary>Azure Resource Manager writes (PUTs, PATCHes and DELETEs of VMs, deallocate and start requests).</summary>
    public int ArmWrites { get; private set; }

    public Task<VmCreated> CreateAsync(VmRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArmReads++;
        if (live.TryGetValue(request.Name, out var existing))
        {
            return Task.FromResult(new VmCreated(existing.Name, existing.Size, existing.Spot));
        }

        ArmWrites++;
        ArmReads += Polls(options.CreateDuration);

        var vm = Add(request, request.Sizes[0], request.Spot);
        var created = new VmCreated(vm.Name, vm.Size, vm.Spot);
        if (options.CreateDuration <= TimeSpan.Zero)
        {
            return Task.FromResult(created);
        }

        var operation = new TaskCompletionSource<VmCreated>();
        loop.After(options.CreatePolledBySdk ? Observed(options.CreateDuration) : options.CreateDuration, () => operation.SetResult(created));
        return operation.Task;
    }

    /// <summary>
    /// The create is accepted after <see cref="SimulationOptions.CreateAcceptDuration"/> (one GET for a leftover, one
    /// PUT); the VM provisions <see cref="SimulationOptions.CreateDuration"/> after the request.
    /// </summary>
    public Task<bool> StartCreateAsync(VmRequest request, VmAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(attempt);
        ArmReads++;
        if (live.ContainsKey(request.Name))
        {
            return Task.FromResult(false);
        }

        ArmWrites++;
        Add(request, attempt.Size(request), attempt.Spot);
        if (options.CreateAcceptDuration <= TimeSpan.Zero)
        {
            return Task.FromResult(true);
        }

        var accepted = new TaskCompletionSource<bool>();
        loop.After(options.CreateAcceptDuration, () => accepted.SetResult(true));
        return accepted.Task;
    }

    /// <summary>
    /// One read: provisioned once <see cref="SimulationOptions.CreateDuration"/> passed since the request, or, for a VM
    /// started from deallocated, once its start ended (<see cref="SimulationOptions.StartDuration"/>).
    /// </summary>
    public Task<VmCreateStatus> GetCreateStatusAsync(string scaleSetId, string vmName, CancellationToken cancellationToken)
    {
        ArmReads++;
        if (!live.TryGetValue(vmName, out var vm) || vm.LeftAt is not null)
        {
            return Task.FromResult(VmCreateStatus.Gone);
        }

        var state = loop.Now >= vm.ReadyAt ? VmCreateState.Succeeded : VmCreateState.Creating;
        return Task.FromResult(new VmCreateStatus(state, vm.Size, vm.Spot));
    }

    public Task<bool> DeleteAsync(string scaleSetId, string vmName, CancellationToken cancellationToken)
    {
        ArmReads++;
        if (!live.TryGetValue(vmName, out var vm) || (vm.LeftAt is not null && !vm.Kept))
        {
            return Task.FromResult(false);
        }

        ArmWrites++;
        ArmReads += Polls(options.DeleteDuration);
        Stop(vm);
        vm.DeletedAt = loop.Now;
        loop.After(options.DeleteDuration, () =>
        {
            vm.Gone = true;
            live.Remove(vm.Name);
        });
        return Task.FromResult(true);
    }

    public Task<bool> KeepAsync(string scaleSetId, string vmName, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tags);
        if (!live.TryGetValue(vmName, out var vm) || vm.LeftAt is not null)
        {
            return Task.FromResult(false);
        }

        Stop(vm);
        vm.Kept = true;
        vm.Power = VmPowerState.Deallocated;
        foreach (var (key, value) in tags)
        {
            vm.Tags[key] = value;
        }

        return Task.FromResult(true);
    }

    /// <summary>The scale set's VMs; one being deleted is no longer listed.</summary>
    public Task<IReadOnlyList<RunnerVm>> ListAsync(string scaleSetId, CancellationToken cancellationToken)
    {
        ArmReads++;
        return Task.FromResult<IReadOnlyList<RunnerVm>>([.. live.Values
            .Where(v => v.ScaleSetId == scaleSetId && (v.LeftAt is null || v.Kept))
            .Select(v => new RunnerVm(v.Name, v.Size, v.Spot, "Succeeded", new Dictionary<string, string>(v.Tags), v.CreatedAt))]);
    }

    /// <summary>
    /// The delays between Azure.Core's polls of a management operation whose service sends no Retry-After
    /// (its <c>SequentialDelayStrategy</c>); the last repeats.
    /// </summary>
    public static readonly IReadOnlyList<TimeSpan> SdkPolls = [.. new[] { 1, 1, 1, 2, 4, 8, 16, 32 }.Select(s => TimeSpan.FromSeconds(s))];

    /// <summary>When the SDK's caller sees an operation of <paramref name="duration"/> end: its first poll at or after the end.</summary>
    public static TimeSpan Observed(TimeSpan duration)
    {
        var at = TimeSpan.Zero;
        for (var poll = 0; at < duration; poll++)
        {
            at += SdkPolls[Math.Min(poll, SdkPolls.Count - 1)];
        }

        return at;
    }

    /// <summary>How many times the SDK polls an operation of <paramref name="duration"/> until it sees it ended.</summary>
    public static int Polls(TimeSpan duration)
    {
        var (at, polls) = (TimeSpan.Zero, 0);
        for (; at < duration; polls++)
        {
            at += SdkPolls[Math.Min(polls, SdkPolls.Count - 1)];
        }

        return polls;
    }

    /// <summary>
    /// Lists the new VM. It runs when its create is over; its runner comes online when its boot is over too, unless it
    /// left first, or, for a standby VM, its first boot ends by powering it off (still allocated).
    /// </summary>
    private SimulatedVm Add(VmRequest request, string size, bool spot)
    {
        var vm = new SimulatedVm(request.Name, request.ScaleSetId, size, spot, request.OsDiskSizeGb, new Dictionary<string, string>(request.Tags), loop.Now)
        {
            Prepared = request.CustomData == SimulatedBootstrap.StandbyCustomData,
            Standby = request.CustomData == SimulatedBootstrap.StandbyCustomData,
            ReadyAt = loop.Now + options.CreateDuration,
        };
        live[vm.Name] = vm;
        All.Add(vm);
        loop.After(options.CreateDuration, () =>
        {
            if (vm.LeftAt is null)
            {
                vm.Power = VmPowerState.Running;
            }
        });
        loop.After(options.CreateDuration + options.BootDuration, () =>
        {
            if (vm.LeftAt is not null)
            {
                return;
            }

            if (vm.Standby)
            {
                vm.Power = VmPowerState.Stopped;
                return;
            }

            vm.OnlineAt = loop.Now;
            Booted?.Invoke(vm);
        });
        return vm;
    }

    private void Stop(SimulatedVm vm)
    {
        vm.LeftAt ??= loop.Now;
        Stopped?.Invoke(vm);
    }
}
