using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Scaler.Core.Compute;
using Scaler.Core.GitHub;
using Scaler.Core.Jobs;
using Scaler.Core.Pools;
using Scaler.Core.Runners;
using Scaler.Core.RunnerUpdates;
using Scaler.Core.State;
using Scaler.Tests.Shared;

namespace Scaler.Core.Tests.Fakes;

/// <summary>The real job processor, wired as the hosts wire it, on fakes (or on given state stores).</summary>
internal sealed class ProcessorHarness : IDisposable
{
    private readonly ServiceProvider provider;
    private long nextDelivery;

    public ProcessorHarness(Action<Dictionary<string, string?>>? configure = null, IJobStore? jobs = null, ICapacity? capacity = null)
    {
        var values = TestSettings.Values(storage: "UseDevelopmentStorage=true");
        configure?.Invoke(values);
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerProvider>(new FakeLoggerProvider(Logs));
        services.AddLogging(builder => builder.SetMinimumLevel(LogLevel.Debug));
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<IJobQueue>(Queue);
        services.AddSingleton<IGitHubRunners>(GitHub);
        services.AddSingleton<IRunnerVms>(Vms);
        services.AddSingleton<IRunnerReleases>(Releases);
        services.AddSingleton<IRunnerBootstrap>(new FakeBootstrap());
        services.AddSingleton<IWebhookDeliveries>(new NoDeliveries());
        services.AddSingleton(jobs ?? new InMemoryJobStore());
        services.AddSingleton(capacity ?? new InMemoryCapacity(Clock));
        services.AddScalerProcessing(TestSettings.Configuration(values));
        provider = services.BuildServiceProvider();
        Processor = provider.GetRequiredService<JobProcessor>();
        Reconciler = provider.GetRequiredService<Scaler.Core.Convergence.Reconciler>();
        Jobs = provider.GetRequiredService<IJobStore>();
        Capacity = provider.GetRequiredService<ICapacity>();
        Pools = provider.GetRequiredService<IOptions<ScalerOptions>>().Value.Pools;
        Meters = provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 27, 21, 12, 13, TimeSpan.Zero));

    public InMemoryJobQueue Queue { get; } = new();

    public FakeGitHubRunners GitHub { get; } = new();

    public FakeRunnerVms Vms { get; } = new();

    public FakeReleases Releases { get; } = new();

    public FakeLogCollector Logs { get; } = new();

    public JobProcessor Processor { get; }

    public Scaler.Core.Convergence.Reconciler Reconciler { get; }

    public Scaler.Core.Convergence.ReconcileExecutor Executor => provider.GetRequiredService<Scaler.Core.Convergence.ReconcileExecutor>();

    public IJobStore Jobs { get; }

    public ICapacity Capacity { get; }

    public IReadOnlyList<PoolOptions> Pools { get; }

    public System.Diagnostics.Metrics.IMeterFactory Meters { get; }

    public Task<JobResult> ProcessAsync(JobMessage message) => Processor.ProcessAsync(message, CancellationToken.None);

    /// <summary>
    /// Handles the create watches waiting on the queue, in order, as the queue would hand them out once their delay
    /// passed; a watch that puts itself back is handled again on the next call. Returns what each did.
    /// </summary>
    public async Task<IReadOnlyList<JobResult>> WatchCreatesAsync()
    {
        var watches = new List<JobMessage>();
        var others = new List<(JobMessage, TimeSpan)>();
        while (Queue.Deferred.TryDequeue(out var deferred))
        {
            if (deferred.Message.Action == JobAction.CreateStarted)
            {
                watches.Add(deferred.Message);
            }
            else
            {
                others.Add(deferred);
            }
        }

        foreach (var other in others)
        {
            Queue.Deferred.Enqueue(other);
        }

        var results = new List<JobResult>();
        foreach (var watch in watches)
        {
            results.Add(await ProcessAsync(watch));
        }

        return results;
    }

    /// <summary>A queued job's VM started and its create watched to its end (the fake provisions at once).</summary>
    public async Task<JobResult> ProvisionAsync(long jobId, string pool = "linux-x64")
    {
        var result = await ProcessAsync(Queued(jobId, pool));
        await WatchCreatesAsync();
        return result;
    }

    public JobMessage Queued(long jobId, string pool = "linux-x64") => new()
    {
        DeliveryId = new Guid((int)Interlocked.Increment(ref nextDelivery), 0, 0, new byte[8]),
        Action = JobAction.Queued,
        JobId = jobId,
        RunId = jobId + 7,
        RunAttempt = 1,
        Repository = "contoso/api",
        Organization = "contoso",
        Labels = ["self-hosted", "linux"],
        Pool = pool,
        CreatedAt = Clock.GetUtcNow(),
        StartedAt = Clock.GetUtcNow(),
        ReceivedAt = Clock.GetUtcNow(),
    };

    /// <summary>The id GitHub gave the runner of that name (as its events carry it); null for a runner it never registered.</summary>
    public long? RunnerIdOf(string? runnerName) => GitHub.All.FirstOrDefault(r => r.Name == runnerName)?.Id;

    public JobMessage InProgress(long jobId, string runnerName, string pool = "linux-x64") =>
        Queued(jobId, pool) with { Action = JobAction.InProgress, RunnerName = runnerName, RunnerId = RunnerIdOf(runnerName) ?? 1, StartedAt = Clock.GetUtcNow().AddSeconds(42) };

    public JobMessage Completed(long jobId, string? runnerName, string pool = "linux-x64") =>
        Queued(jobId, pool) with { Action = JobAction.Completed, RunnerName = runnerName, RunnerId = runnerName is null ? null : RunnerIdOf(runnerName) ?? 1, Conclusion = "success", StartedAt = Clock.GetUtcNow().AddSeconds(42), CompletedAt = Clock.GetUtcNow().AddMinutes(3) };

    public void Dispose() => provider.Dispose();
}

/// <summary>A PAT setup: no App delivery log.</summary>
internal sealed class NoDeliveries : IWebhookDeliveries
{
    public bool Available => false;

    public Task<IReadOnlyList<HookDelivery>> ListSinceAsync(DateTimeOffset since, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<HookDelivery>>([]);

    public Task RedeliverAsync(long deliveryId, CancellationToken cancellationToken) => Task.CompletedTask;
}
