using System.Collections.Concurrent;
using Scaler.Emulators.Arm.Compute;

namespace Scaler.Cli.Demo;

/// <summary>One pool at one moment: VMs still booting, runners idle and busy, the pool's jobs done.</summary>
public sealed record PoolStatus(string Pool, int Booting, int Idle, int Busy, int JobsDone, int JobsTotal)
{
    /// <summary>VMs whose runner is online and idle, up to the pool's warm minimum, are expected; the rest are leftovers.</summary>
    public int LeftoverVms { get; init; }

    public int LeftoverRunners { get; init; }
}

/// <summary>The whole sandbox at one moment.</summary>
public sealed record DemoSnapshot(TimeSpan Elapsed, IReadOnlyList<PoolStatus> Pools, int JobsQueued, int JobsDone, int JobsTotal)
{
    public int LeftoverVms => Pools.Sum(p => p.LeftoverVms);

    public int LeftoverRunners => Pools.Sum(p => p.LeftoverRunners);
}

/// <summary>
/// A VM the demo saw: when it was created, when it was last seen or found gone, its priority when last seen (a Spot
/// VM that failed for capacity is made again under the same name on regular priority).
/// </summary>
public sealed class VmLife(string name, string pool, DateTimeOffset createdAt, bool spot)
{
    public string Name { get; } = name;

    public string Pool { get; } = pool;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public bool Spot { get; set; } = spot;

    public DateTimeOffset? GoneAt { get; set; }

    public DateTimeOffset LastSeen { get; set; } = createdAt;

    public TimeSpan Lifetime => (GoneAt ?? LastSeen) - CreatedAt;
}

/// <summary>
/// Reads the emulators' state (VMs from ARM, runners and jobs from GitHub) into <see cref="DemoSnapshot"/>s, and
/// keeps every VM's lifetime for the VM-seconds total. Lifetimes end when a sample first finds the VM gone.
/// </summary>
public sealed class DemoObserver(Sandbox.Sandbox sandbox, IReadOnlyDictionary<string, int> warmMinimum, IReadOnlyList<PlannedJob> plan, TimeProvider time)
{
    private readonly DateTimeOffset started = time.GetUtcNow();
    private readonly ConcurrentDictionary<long, PlannedJob> jobs = new();
    private readonly ConcurrentDictionary<string, VmLife> vms = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public IReadOnlyDictionary<long, PlannedJob> Jobs => jobs;

    public IReadOnlyCollection<VmLife> Vms => [.. vms.Values];

    public void Track(long jobId, PlannedJob job) => jobs[jobId] = job;

    public DemoSnapshot Sample()
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            var machines = sandbox.Arm.VirtualMachines;
            var runners = sandbox.GitHub.GetRunners();
            var completed = sandbox.GitHub.GetJobs().Where(j => j.Status == "completed" && jobs.ContainsKey(j.Id)).Select(j => j.Id).ToHashSet();
            RecordLifetimes(machines, now);
            var pools = warmMinimum.Keys.Select(pool =>
            {
                var poolVms = machines.Where(v => InPool(v.Name, pool)).ToList();
                var poolRunners = runners.Where(r => InPool(r.Name, pool)).ToList();
                var online = poolRunners.Where(r => r.Status == "online").Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
                var warm = poolRunners.Count(r => r.Status == "online" && !r.Busy && poolVms.Any(v => v.Name == r.Name && v.State == VmState.Running));
                var expected = Math.Min(warm, warmMinimum[pool]);
                return new PoolStatus(
                    pool,
                    Booting: poolVms.Count(v => v.State is VmState.Creating or VmState.Running && !online.Contains(v.Name)),
                    Idle: poolRunners.Count(r => r.Status == "online" && !r.Busy),
                    Busy: poolRunners.Count(r => r.Busy),
                    JobsDone: jobs.Count(j => j.Value.Pool == pool && completed.Contains(j.Key)),
                    JobsTotal: plan.Count(j => j.Pool == pool))
                {
                    LeftoverVms = poolVms.Count - expected,
                    LeftoverRunners = poolRunners.Count - expected,
                };
            }).ToList();
            return new DemoSnapshot(now - started, pools, jobs.Count, completed.Count, plan.Count);
        }
    }

    private void RecordLifetimes(IReadOnlyList<EmulatedVm> machines, DateTimeOffset now)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var vm in machines)
        {
            present.Add(vm.Name);
            var pool = warmMinimum.Keys.FirstOrDefault(p => InPool(vm.Name, p)) ?? "";
            var life = vms.GetOrAdd(vm.Name, _ => new VmLife(vm.Name, pool, vm.CreatedAt, vm.Priority == "Spot"));
            life.LastSeen = now;
            life.Spot = vm.Priority == "Spot";
        }

        foreach (var life in vms.Values.Where(l => l.GoneAt is null && !present.Contains(l.Name)))
        {
            life.GoneAt = now;
        }
    }

    private static bool InPool(string name, string pool) => name.StartsWith(pool + "-", StringComparison.Ordinal);
}
