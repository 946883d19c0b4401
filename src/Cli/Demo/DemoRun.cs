using Scaler.Core.Runners;
using Scaler.Emulators.GitHub.Jobs;

namespace Scaler.Cli.Demo;

/// <summary>Where the demo shows what is happening: a live display or plain lines.</summary>
public interface IDemoProgress
{
    void Update(DemoSnapshot snapshot);

    void Report(string message);
}

/// <summary>What the demo saw by its end.</summary>
public sealed record DemoOutcome(DemoSnapshot Final, IReadOnlyList<WorkflowJobInfo> Jobs, IReadOnlyCollection<VmLife> Vms, bool Drained)
{
    /// <summary>The VM made not to boot, and the job it was made for.</summary>
    public (string Vm, long JobId)? BootFailure { get; init; }
}

/// <summary>
/// One demo: play the workload, wait until every job completed, then until the pools are back to their warm
/// minimum (or a deadline passes), sampling the sandbox all along.
/// </summary>
public static class DemoRun
{
    public static async Task<DemoOutcome> RunAsync(Sandbox.Sandbox sandbox, DemoOptions options, IDemoProgress progress, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var plan = DemoWorkload.Plan(options.Jobs, options.Seed);
        var observer = new DemoObserver(sandbox, options.WarmMinimum, plan, time);
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampler = SampleAsync(observer, progress, options.SamplePeriod, time, sampling.Token);

        progress.Report($"playing {plan.Count} jobs (seed {options.Seed}): {plan.Count(j => j.Pool == DemoWorkload.LinuxPool)} linux-x64, {plan.Count(j => j.Pool == DemoWorkload.GpuPool)} gpu");
        await DemoPlayer.PlayAsync(sandbox, plan, observer, progress.Report, time, cancellationToken);
        var completed = await WaitAsync(observer, s => s.JobsDone == s.JobsTotal, options.CompletionTimeout, options.SamplePeriod, time, cancellationToken);
        progress.Report(completed
            ? "every job completed; waiting for the pools to shrink to their warm minimum"
            : $"not every job completed within {options.CompletionTimeout.TotalSeconds:0} s");
        var drained = completed && await WaitAsync(observer, s => s.LeftoverVms == 0 && s.LeftoverRunners == 0, options.DrainTimeout, options.SamplePeriod, time, cancellationToken);

        await sampling.CancelAsync();
        await sampler;
        var final = observer.Sample();
        progress.Update(final);
        var jobs = sandbox.GitHub.GetJobs().Where(j => observer.Jobs.ContainsKey(j.Id)).ToList();
        var bootFailure = observer.Jobs.Where(j => j.Value.FailsToBoot).Select(j => ((string, long)?)(VmNames.ForJob(j.Value.Pool, j.Key), j.Key)).FirstOrDefault();
        return new DemoOutcome(final, jobs, observer.Vms, drained) { BootFailure = bootFailure };
    }

    private static async Task SampleAsync(DemoObserver observer, IDemoProgress progress, TimeSpan period, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(period, time);
        try
        {
            do
            {
                progress.Update(observer.Sample());
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run is over.
        }
    }

    private static async Task<bool> WaitAsync(DemoObserver observer, Func<DemoSnapshot, bool> done, TimeSpan within, TimeSpan period, TimeProvider time, CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        while (!done(observer.Sample()))
        {
            if (time.GetElapsedTime(start) > within)
            {
                return false;
            }

            await Task.Delay(period, time, cancellationToken);
        }

        return true;
    }
}
