using System.Globalization;
using Scaler.Core.Compute;
using Scaler.Core.GitHub;
using Scaler.Core.Pools;
using Scaler.Core.Runners;
using Scaler.Core.State;

namespace Scaler.Core.Convergence;

/// <summary>
/// One pool's <see cref="PoolSnapshot"/> indexed by name for the <see cref="ReconcileRules"/>, and the actions the
/// rules applied so far decided. A VM that one rule removes or keeps is <see cref="Undecided"/> no longer, so the
/// rules after it leave it alone.
/// </summary>
public sealed class ReconcilePlan
{
    private readonly List<ReconcileAction> actions = [];
    private readonly HashSet<string> decided = new(StringComparer.Ordinal);

    public ReconcilePlan(PoolSnapshot snapshot, ProvisioningOptions provisioning)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(provisioning);
        Snapshot = snapshot;
        Provisioning = provisioning;
        Vms = snapshot.Vms.ToDictionary(v => v.Name, StringComparer.Ordinal);
        Runners = snapshot.Runners.GroupBy(r => r.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        Records = snapshot.Records.ToDictionary(r => r.VmName, StringComparer.Ordinal);
        Kept = snapshot.Vms.Where(v => RunnerTags.KeptAt(v) is not null).ToList();
    }

    public PoolSnapshot Snapshot { get; }

    public ProvisioningOptions Provisioning { get; }

    public PoolOptions Pool => Snapshot.Pool;

    public DateTimeOffset Now => Snapshot.Now;

    /// <summary>The pool's VMs by name, in the snapshot's order, kept ones included.</summary>
    public IReadOnlyDictionary<string, RunnerVm> Vms { get; }

    /// <summary>The pool's runner registrations by name (the first of duplicates).</summary>
    public IReadOnlyDictionary<string, GitHubRunner> Runners { get; }

    /// <summary>The pool's capacity rows by VM name, those of kept VMs included.</summary>
    public IReadOnlyDictionary<string, RunnerRecord> Records { get; }

    /// <summary>The VMs kept for investigation (tagged <see cref="RunnerTags.Kept"/>): only the kept-VM rules touch them.</summary>
    public IReadOnlyList<RunnerVm> Kept { get; }

    /// <summary>The VMs that the actions decided so far delete, remove or keep: leaving the pool in this run.</summary>
    public IReadOnlySet<string> Leaving => decided;

    /// <summary>The actions decided so far, in the order the rules decided them.</summary>
    public IReadOnlyList<ReconcileAction> Actions => actions;

    /// <summary>
    /// The VMs not kept for investigation, not standby and not being deleted that no rule so far removes or keeps, in the
    /// snapshot's order. A VM being deleted (a job's <c>completed</c> event or an earlier run asked) is left to that delete: asking
    /// again costs an ARM write and changes nothing.
    /// </summary>
    public IEnumerable<RunnerVm> Undecided => Vms.Values.Where(v => RunnerTags.KeptAt(v) is null && !RunnerTags.IsStandby(v) && !decided.Contains(v.Name) && !BeingDeleted(v));

    /// <summary>
    /// The standby VMs (tagged <see cref="RunnerTags.Standby"/>: no job has started them) that no rule so far removes and
    /// that are not being deleted: only the standby rules touch them.
    /// </summary>
    public IEnumerable<RunnerVm> UndecidedStandby => Vms.Values.Where(v => RunnerTags.KeptAt(v) is null && RunnerTags.IsStandby(v) && !decided.Contains(v.Name) && !BeingDeleted(v));

    /// <summary>Whether the capacity row is a standby VM's that no job has claimed: preparing, or prepared.</summary>
    public static bool IsUnclaimedStandby(RunnerRecord? record) => record?.State is RunnerState.Preparing or RunnerState.Standby;

    /// <summary>The row's claim or, when later, the start of its latest create (a used standby VM keeps its preparation's).</summary>
    public static DateTimeOffset LastProvisioningStep(RunnerRecord record) =>
        record.CreateStartedAt is { } started && started > record.ClaimedAt ? started : record.ClaimedAt;

    /// <summary>Whether Azure is deleting the VM (provisioning state <c>Deleting</c>).</summary>
    public static bool BeingDeleted(RunnerVm vm) => string.Equals(vm?.ProvisioningState, "Deleting", StringComparison.OrdinalIgnoreCase);

    /// <summary>The capacity rows that count against MaxRunners and towards MinIdle: all but those of kept VMs.</summary>
    public IEnumerable<string> Counted => Records.Keys.Where(name => !(Vms.TryGetValue(name, out var vm) && RunnerTags.KeptAt(vm) is not null));

    public GitHubRunner? RunnerOf(RunnerVm vm) => Runners.GetValueOrDefault(vm.Name);

    public RunnerRecord? RecordOf(RunnerVm vm) => Records.GetValueOrDefault(vm.Name);

    /// <summary>From the VM's creation tag, else its capacity row's claim, else the VM's own creation time.</summary>
    public TimeSpan Age(RunnerVm vm) => Now - Created(vm, RecordOf(vm));

    /// <summary>Age without the capacity row to fall back on.</summary>
    public TimeSpan AgeWithoutRecord(RunnerVm vm) => Now - Created(vm, null);

    /// <summary>
    /// Adds a rule's decision; a VM deleted, removed or kept is no longer <see cref="Undecided"/>. A VM whose runner was
    /// not online when the pool was read may have its create retried under its row meanwhile (the create watcher retries a
    /// failed attempt under the same name): its removal carries the row, and releases it only if no create started since.
    /// An online runner's VM was created: its row goes as it is.
    /// </summary>
    internal void Add(ReconcileAction action)
    {
        if (action.Kind is ReconcileActionKind.DeleteVm or ReconcileActionKind.RemoveIdleRunner or ReconcileActionKind.KeepVm)
        {
            decided.Add(action.Name);
            if (Runners.GetValueOrDefault(action.Name) is not { Online: true })
            {
                action = action with { Row = action.Row ?? Records.GetValueOrDefault(action.Name) };
            }
        }

        actions.Add(action);
    }

    /// <summary>
    /// The VM's creation tag (set anew for each attempt), else its row's claim, else the VM's own creation time; and the
    /// row's latest create start when later: an attempt recorded whose PUT has not landed yet (the VM listed is the failed
    /// attempt before it) makes the VM young again.
    /// </summary>
    private static DateTimeOffset Created(RunnerVm vm, RunnerRecord? record)
    {
        var created = vm.Tags.TryGetValue(RunnerTags.Created, out var tag) && DateTimeOffset.TryParse(tag, CultureInfo.InvariantCulture, DateTimeStyles.None, out var tagged)
            ? tagged
            : record?.ClaimedAt ?? vm.CreatedAt ?? DateTimeOffset.MinValue;
        return record?.CreateStartedAt is { } started && started > created ? started : created;
    }
}
