using Scaler.Core.Convergence;
using Scaler.Core.State;
using Scaler.Core.Tests.Fakes;

namespace Scaler.Core.Tests.Standby;

/// <summary>A <see cref="ProcessorHarness"/> whose pool keeps standby VMs, with the steps that make them ready.</summary>
internal static class StandbyHarness
{
    public const string Pool = "linux-x64";

    public static ProcessorHarness Create(int size, Action<Dictionary<string, string?>>? configure = null) =>
        new(v =>
        {
            v["Scaler:Pools:0:Standby:Size"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture);
            configure?.Invoke(v);
        });

    /// <summary>Runs the reconciler: the standby VMs it creates, their first boot powers them off, the next two runs deallocate and ready them.</summary>
    public static async Task<IReadOnlyList<string>> PrepareAsync(ProcessorHarness harness)
    {
        var created = (await harness.Reconciler.ReconcileAsync(CancellationToken.None))
            .Where(a => a.Kind == ReconcileActionKind.CreateStandbyVm).Select(a => a.Name).ToList();
        foreach (var name in created)
        {
            harness.Vms.PowerOff(name);
        }

        await harness.Reconciler.ReconcileAsync(CancellationToken.None);
        await harness.Reconciler.ReconcileAsync(CancellationToken.None);
        return created;
    }

    public static async Task<RunnerRecord?> RecordAsync(ProcessorHarness harness, string vmName) =>
        await harness.Capacity.GetRunnerAsync(Pool, vmName, CancellationToken.None);
}
