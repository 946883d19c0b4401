using Scaler.Cli.Sandbox;
using Scaler.Core.Runners;
using Scaler.Emulators.Arm.Recording;
using Scaler.Emulators.GitHub.Jobs;

namespace Scaler.Cli.Simulation;

/// <summary>What the real loop did with a trace: each job's wait, and the VMs' time from PUT to DELETE.</summary>
/// <param name="Reactions">For each job, from queued at GitHub until the PUT of the VM named for it reached ARM.</param>
internal sealed record ReplayOutcome(IReadOnlyList<TimeSpan> Waits, TimeSpan VmTime, int Vms, bool Completed, IReadOnlyList<TimeSpan> Reactions);

/// <summary>
/// Plays a small trace in real time through the sandbox (Azurite, the GitHub and ARM emulators and <c>scaler serve</c>),
/// queueing each job at the GitHub emulator at its arrival, and reads the waits from the emulator's jobs and the VM time
/// from the ARM emulator's history.
/// </summary>
internal static class SandboxReplay
{
    /// <summary>The sandbox's only repositories that its linux pool serves.</summary>
    public static readonly IReadOnlyList<string> Repositories = ["contoso/api", "contoso/web"];

    public static async Task<ReplayOutcome> RunAsync(Sandbox.Sandbox sandbox, IReadOnlyList<TraceJob> trace, TimeSpan completionTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        ArgumentNullException.ThrowIfNull(trace);
        var time = TimeProvider.System;
        await WarmUpAsync(sandbox, completionTimeout, time, cancellationToken);
        var start = time.GetTimestamp();
        var ids = new HashSet<long>();
        foreach (var job in trace)
        {
            var wait = job.Arrival - time.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }

            ids.Add(sandbox.GitHub.QueueJob(new JobRequest(job.Repository, [.. job.Labels]) { Duration = job.Duration }).Id);
        }

        var deadline = time.GetTimestamp();
        var completed = false;
        while (time.GetElapsedTime(deadline) < completionTimeout)
        {
            var jobs = Ours(sandbox, ids);
            var events = sandbox.Arm.History.Events;
            completed = jobs.All(j => j.Status == "completed");
            if (completed && Linux(events).Count(e => e.Kind == VmEventKind.Created) == Linux(events).Count(e => e.Kind != VmEventKind.Created))
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        }

        var waits = Ours(sandbox, ids).OrderBy(j => j.Id).Where(j => j.StartedAt is not null).Select(j => j.StartedAt!.Value - j.CreatedAt).ToList();
        var history = Linux(sandbox.Arm.History.Events);
        var now = time.GetUtcNow();
        var lives = history.Where(e => e.Kind == VmEventKind.Created)
            .Select(created => (history.FirstOrDefault(e => e.Kind != VmEventKind.Created && e.Name == created.Name && e.Sequence > created.Sequence)?.At ?? now) - created.At)
            .ToList();
        var reactions = Ours(sandbox, ids).OrderBy(j => j.Id)
            .Select(j => history.FirstOrDefault(e => e.Kind == VmEventKind.Created && e.Name == VmNames.ForJob("linux-x64", j.Id))?.At - j.CreatedAt)
            .Where(r => r is not null).Select(r => r!.Value).ToList();
        return new ReplayOutcome(waits, TimeSpan.FromTicks(lives.Sum(l => l.Ticks)), lives.Count, completed, reactions);
    }

    /// <summary>The sandbox for a comparison: no warm runners, the ARM emulator's create and boot as given.</summary>
    public static SandboxOptions Options(TimeSpan create, TimeSpan boot) => new()
    {
        LinuxMinIdle = 0,
        ProvisioningDelay = create,
        BootDelay = boot,
        BootTimeout = TimeSpan.FromMinutes(2),
        IdleTimeout = TimeSpan.FromMinutes(1),
        Logging = _ => { },
    };

    /// <summary>
    /// One job on the sandbox's gpu pool first, until its VM is deleted: the loop's first job pays for tokens,
    /// connections and tables that a running deployment has long had.
    /// </summary>
    private static async Task WarmUpAsync(Sandbox.Sandbox sandbox, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var job = sandbox.GitHub.QueueJob(new JobRequest("contoso/ml", ["self-hosted", "linux", "gpu"]) { Duration = TimeSpan.FromSeconds(1) });
        var start = time.GetTimestamp();
        while (time.GetElapsedTime(start) < timeout)
        {
            var events = sandbox.Arm.History.Events;
            if (sandbox.GitHub.GetJobs().Any(j => j.Id == job.Id && j.Status == "completed") && events.Count(e => e.Kind == VmEventKind.Created) == events.Count(e => e.Kind != VmEventKind.Created))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        }
    }

    private static List<VmEvent> Linux(IReadOnlyList<VmEvent> events) =>
        [.. events.Where(e => e.ScaleSetId is null || e.ScaleSetId.EndsWith("/linux-x64", StringComparison.OrdinalIgnoreCase))];

    private static List<WorkflowJobInfo> Ours(Sandbox.Sandbox sandbox, HashSet<long> ids) =>
        [.. sandbox.GitHub.GetJobs().Where(j => ids.Contains(j.Id))];
}
