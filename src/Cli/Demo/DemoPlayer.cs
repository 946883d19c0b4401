using Scaler.Core.Runners;
using Scaler.Emulators.GitHub.Jobs;

namespace Scaler.Cli.Demo;

/// <summary>
/// Plays a workload through the GitHub emulator in real time and injects the demo's faults: the next Spot
/// allocation fails before the first job, and the VM made for the job marked <see cref="PlannedJob.FailsToBoot"/>
/// never boots. No webhook is dropped: redelivery of lost webhooks is not implemented yet.
/// </summary>
public static class DemoPlayer
{
    public static async Task PlayAsync(Sandbox.Sandbox sandbox, IReadOnlyList<PlannedJob> plan, DemoObserver observer, Action<string> report, TimeProvider time, CancellationToken cancellationToken)
    {
        sandbox.Arm.Faults.FailSpotAllocations(1);
        report("fault: the next Spot allocation fails for capacity; Scaler should fall back to a regular VM");
        var start = time.GetTimestamp();
        foreach (var planned in plan)
        {
            var wait = planned.At - time.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }

            var job = sandbox.GitHub.QueueJob(new JobRequest(planned.Repository, planned.Labels) { Duration = planned.Duration });
            if (planned.FailsToBoot)
            {
                var vm = VmNames.ForJob(planned.Pool, job.Id);
                sandbox.Arm.Faults.FailBoot(vm);
                report($"fault: VM {vm} will not boot; the reconciler should delete it after BootTimeout and another runner take job {job.Id}");
            }

            observer.Track(job.Id, planned);
        }
    }
}
