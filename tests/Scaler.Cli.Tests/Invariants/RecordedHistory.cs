using Scaler.Emulators.Arm.Recording;
using Scaler.Emulators.GitHub.Recording;

namespace Scaler.Cli.Tests.Invariants;

/// <summary>
/// What both emulators recorded, as one history: VM events from the ARM emulator and runner and job events from the
/// GitHub emulator, numbered from one shared sequence so that merged by <c>Sequence</c> they are in the order they happened.
/// </summary>
public sealed record RecordedHistory(IReadOnlyList<VmEvent> Vms, IReadOnlyList<GitHubEvent> GitHub)
{
    public static RecordedHistory Of(Sandbox.Sandbox sandbox) => new(sandbox.Arm.History.Events, sandbox.GitHub.History.Events);

    /// <summary>Every event in sequence order: each is either a <see cref="VmEvent"/> or a <see cref="GitHubEvent"/>.</summary>
    public IEnumerable<object> InOrder() =>
        Vms.Select(e => (e.Sequence, (object)e)).Concat(GitHub.Select(e => (e.Sequence, (object)e))).OrderBy(p => p.Sequence).Select(p => p.Item2);

    /// <summary>The pool a VM belongs to: the name of its scale set (the sandbox names each scale set for its pool).</summary>
    public static string PoolOf(VmEvent vm)
    {
        ArgumentNullException.ThrowIfNull(vm);
        var scaleSet = vm.ScaleSetId?.TrimEnd('/');
        return scaleSet is null ? "" : scaleSet[(scaleSet.LastIndexOf('/') + 1)..];
    }
}
