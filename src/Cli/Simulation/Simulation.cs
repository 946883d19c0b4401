using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Scaler.Core;
using Scaler.Core.Compute;
using Scaler.Core.Convergence;
using Scaler.Core.GitHub;
using Scaler.Core.Jobs;
using Scaler.Core.Pools;
using Scaler.Core.Runners;
using Scaler.Core.RunnerUpdates;
using Scaler.Core.State;

namespace Scaler.Cli.Simulation;

/// <summary>
/// Plays a trace through Scaler's own decisions (the router, the job processor, the reconciler with its planner and
/// warm-pool schedules), wired as <c>scaler serve</c> wires them but on simulated ports in virtual time.
/// </summary>
internal static class Simulation
{
    /// <summary>Job ids start here, as GitHub's are large.</summary>
    public const long FirstJobId = 1_000_001;

    /// <param name="settings">App settings (pools, provisioning) and the <c>Simulation</c> section.</param>
    /// <param name="adjust">Changes to the pools for this run, e.g. another warm minimum.</param>
    public static Task<SimulationResult> RunAsync(IConfiguration settings, IReadOnlyList<TraceJob> trace, Action<ScalerOptions>? adjust, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var options = SimulationSettings.Options(settings);
        var loop = new EventLoop(new VirtualClock(options.Start));
        var github = new SimulatedGitHub(loop);
        var vms = new SimulatedVms(loop, options);
        var queue = new SimulatedQueue(loop, options);
        using var services = Services(settings, loop, github, vms, queue, adjust);
        var processor = services.GetRequiredService<JobProcessor>();
        var reconciler = services.GetRequiredService<Reconciler>();
        var webhooks = new SimulatedWebhooks(loop, options, services.GetRequiredService<PoolRouter>(), queue);

        queue.Handler = message => processor.ProcessAsync(message, cancellationToken);
        vms.Booted = vm => github.BringOnline(vm.Name);
        vms.Stopped = vm => github.TakeOffline(vm.Name);
        github.Started = job =>
        {
            vms.Find(job.RunnerName!)?.Busy = true;
            webhooks.Send(job, JobAction.InProgress);
        };
        github.Completed = job =>
        {
            vms.Find(job.RunnerName!)?.Busy = false;
            webhooks.Send(job, JobAction.Completed);
        };
        var timeline = new Timeline();
        loop.AfterEach = () => timeline.Record(loop.Now, github.Queued, vms.Live);

        var jobs = new List<SimulatedJob>();
        var unrouted = 0;
        foreach (var (entry, index) in trace.Select((t, i) => (t, i)))
        {
            if (webhooks.Route(entry) is null)
            {
                unrouted++;
                continue;
            }

            var job = new SimulatedJob(FirstJobId + index, entry, options.Start + entry.Arrival);
            jobs.Add(job);
            loop.At(job.ArrivedAt, () =>
            {
                github.Queue(job);
                webhooks.Send(job, JobAction.Queued);
            });
        }

        queue.Start();
        ScheduleReconcile(loop, reconciler, options.Start + options.ReconcilePeriod, options.ReconcilePeriod, cancellationToken);
        var lastArrival = options.Start + (trace.Count == 0 ? TimeSpan.Zero : trace.Max(t => t.Arrival));
        loop.Run(lastArrival + options.Drain, () => jobs.All(j => j.CompletedAt is not null) && loop.Now >= lastArrival);

        // The last completed webhooks reach the processor and their VMs are deleted.
        loop.Run(loop.Now + options.WebhookLatency + options.QueueMaxPollingInterval + TimeSpan.FromSeconds(1), () => false);
        return Task.FromResult(new SimulationResult(options, jobs, vms.All, timeline, loop.Now, unrouted, queue.Poisoned) { ArmReads = vms.ArmReads, ArmWrites = vms.ArmWrites, MessagesHandled = queue.Handled });
    }

    /// <summary>A reconcile run at <paramref name="at"/>; the next one a period later, or when it ends if it took longer (a timer's ticks do not pile up).</summary>
    private static void ScheduleReconcile(EventLoop loop, Reconciler reconciler, DateTimeOffset at, TimeSpan period, CancellationToken cancellationToken) =>
        loop.At(at, () =>
        {
            var run = reconciler.ReconcileAsync(cancellationToken);
            EventLoop.OnCompleted(run, () =>
            {
                run.GetAwaiter().GetResult();
                ScheduleReconcile(loop, reconciler, at + period, period, cancellationToken);
            });
        });

    private static ServiceProvider Services(IConfiguration settings, EventLoop loop, SimulatedGitHub github, SimulatedVms vms, SimulatedQueue queue, Action<ScalerOptions>? adjust)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(loop.Clock);
        services.AddSingleton<IJobQueue>(queue);
        services.AddSingleton<IGitHubRunners>(github);
        services.AddSingleton<IRunnerVms>(vms);
        services.AddSingleton<IRunnerReleases>(new SimulatedReleases());
        services.AddSingleton<IRunnerBootstrap>(new SimulatedBootstrap());
        services.AddSingleton<IWebhookDeliveries>(new NoWebhookDeliveries());
        services.AddSingleton<IJobStore>(new SimulatedJobStore());
        services.AddSingleton<ICapacity>(new SimulatedCapacity(loop.Clock));
        services.AddSingleton<IWatermarks>(new SimulatedWatermarks());
        if (adjust is not null)
        {
            services.PostConfigure(adjust);
        }

        services.AddScalerProcessing(settings);
        return services.BuildServiceProvider();
    }
}
