using Azure;
using Microsoft.Extensions.Logging.Testing;
using Scaler.Cli.Hosting;
using Scaler.Core.State;
using Scaler.Core.Tests.Fakes;

namespace Scaler.Core.Tests.SelfHost;

/// <summary>The self-host's (<c>scaler serve</c>) reconcile timer: a run that fails does not stop the next.</summary>
public sealed class ReconcileServiceTests
{
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Run_StorageUnreachableThroughTheClientRetries_IsLoggedAndTheNextPeriodRunsAgain()
    {
        var jobs = new UnreachableJobStore(new InMemoryJobStore()) { Unreachable = true };
        using var harness = new ProcessorHarness(jobs: jobs);
        var logger = new FakeLogger<ReconcileService>();
        using var service = new ReconcileService(harness.Reconciler, harness.Clock, Period, logger);
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        await service.StartAsync(CancellationToken.None);

        // The service makes its timer on a thread of its own: each poll moves the clock a period until it has ticked.
        while (logger.Collector.GetSnapshot().All(r => r.Id.Name != "ReconcileRunFailed"))
        {
            harness.Clock.Advance(Period);
            await poll.WaitForNextTickAsync(giveUp.Token);
        }

        jobs.Unreachable = false;
        while (service.Runs == 0 && service.ExecuteTask?.IsCompleted != true)
        {
            harness.Clock.Advance(Period);
            await poll.WaitForNextTickAsync(giveUp.Token);
        }

        await service.StopAsync(CancellationToken.None);
        Assert.True(service.Runs >= 1, service.ExecuteTask?.Exception?.ToString());
        Assert.IsType<AggregateException>(logger.Collector.GetSnapshot().Single(r => r.Id.Name == "ReconcileRunFailed").Exception);
    }

    /// <summary>A job store whose storage does not answer: every call fails as the storage client does after its retries.</summary>
    private sealed class UnreachableJobStore(IJobStore inner) : IJobStore
    {
        public volatile bool Unreachable;

        public Task<JobRecord?> GetAsync(string pool, long jobId, CancellationToken cancellationToken) => Call(() => inner.GetAsync(pool, jobId, cancellationToken));

        public Task<IReadOnlyList<JobRecord>> ListAsync(string pool, JobState state, CancellationToken cancellationToken) => Call(() => inner.ListAsync(pool, state, cancellationToken));

        public Task<int> DeleteCreatedBeforeAsync(string pool, DateTimeOffset before, CancellationToken cancellationToken) => Call(() => inner.DeleteCreatedBeforeAsync(pool, before, cancellationToken));

        public Task<JobRecord?> TryAddAsync(JobRecord record, CancellationToken cancellationToken) => Call(() => inner.TryAddAsync(record, cancellationToken));

        public Task<JobRecord?> TryUpdateAsync(JobRecord record, CancellationToken cancellationToken) => Call(() => inner.TryUpdateAsync(record, cancellationToken));

        private Task<T> Call<T>(Func<Task<T>> call) => Unreachable
            ? Task.FromException<T>(new AggregateException("Retry failed after 4 tries.", [.. Enumerable.Range(0, 4).Select(_ => new RequestFailedException("Connection refused"))]))
            : call();
    }
}
