using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Scaler.Core.Jobs;
using Scaler.Core.State;
using Scaler.Core.Tests.Fakes;

namespace Scaler.Core.Tests.Jobs;

public class JobRequeueTests
{
    private const string Pool = "linux-x64";

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 27, 21, 12, 13, TimeSpan.Zero));
    private readonly InMemoryJobStore jobs = new();
    private readonly InMemoryJobQueue queue = new();
    private readonly FakeLogger<JobRequeue> logger = new();

    private JobRequeue Requeue(IJobStore? store = null) => new(store ?? jobs, queue, clock, logger);

    private async Task AddAsync(long jobId, JobState state, int requeues = 0) =>
        await jobs.TryAddAsync(new JobRecord { Pool = Pool, JobId = jobId, State = state, Repository = "contoso/api", RunId = 70, VmName = $"{Pool}-{jobId}", Requeues = requeues }, CancellationToken.None);

    [Fact]
    public async Task RequeueAsync_ProvisionedJob_IsQueuedAgainWithoutItsVmAndAMessageIsSent()
    {
        await AddAsync(7, JobState.Provisioned, requeues: 1);

        var requeued = await Requeue().RequeueAsync(Pool, 7, CancellationToken.None);

        Assert.True(requeued);
        var job = await jobs.GetAsync(Pool, 7, CancellationToken.None);
        Assert.Equal((JobState.Queued, (string?)null, 2), (job?.State, job?.VmName, job?.Requeues));
        var message = Assert.Single(queue.Messages);
        Assert.Equal((7L, JobAction.Queued, Pool, "contoso/api", 70L, clock.GetUtcNow()), (message.JobId, message.Action, message.Pool, message.Repository, message.RunId, message.ReceivedAt));
        Assert.Equal("JobRequeued", Assert.Single(logger.Collector.GetSnapshot()).Id.Name);
    }

    [Fact]
    public async Task RequeueAsync_JobIdZero_ChangesNothing()
    {
        // Job id 0 stands for "made for no job" (a runner row's ForJobId); a record under that id is never requeued.
        await AddAsync(0, JobState.Provisioned);

        var requeued = await Requeue().RequeueAsync(Pool, 0, CancellationToken.None);

        Assert.False(requeued);
        Assert.Equal(JobState.Provisioned, (await jobs.GetAsync(Pool, 0, CancellationToken.None))?.State);
        Assert.Empty(queue.Messages);
    }

    [Theory]
    [InlineData(JobState.Queued)]
    [InlineData(JobState.InProgress)]
    [InlineData(JobState.Completed)]
    public async Task RequeueAsync_JobNotOnlyProvisioned_ChangesNothing(JobState state)
    {
        await AddAsync(7, state);

        var requeued = await Requeue().RequeueAsync(Pool, 7, CancellationToken.None);

        Assert.False(requeued);
        Assert.Equal(state, (await jobs.GetAsync(Pool, 7, CancellationToken.None))?.State);
        Assert.Empty(queue.Messages);
    }

    [Fact]
    public async Task RequeueAsync_OneBelowMaxRequeues_IsRequeued()
    {
        await AddAsync(7, JobState.Provisioned, requeues: JobRequeue.MaxRequeues - 1);

        Assert.True(await Requeue().RequeueAsync(Pool, 7, CancellationToken.None));
        Assert.Equal(JobRequeue.MaxRequeues, (await jobs.GetAsync(Pool, 7, CancellationToken.None))?.Requeues);
    }

    [Fact]
    public async Task RequeueAsync_AtMaxRequeues_FailsTheJobSayingHowManyVmsWereLost()
    {
        await AddAsync(7, JobState.Provisioned, requeues: JobRequeue.MaxRequeues);

        var requeued = await Requeue().RequeueAsync(Pool, 7, CancellationToken.None);

        Assert.False(requeued);
        var job = await jobs.GetAsync(Pool, 7, CancellationToken.None);
        Assert.Equal((JobState.Failed, "4 VMs made for it were lost before a runner took it"), (job?.State, job?.Failure));
        Assert.Empty(queue.Messages);
        Assert.Equal("JobRequeueGaveUp", Assert.Single(logger.Collector.GetSnapshot()).Id.Name);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(JobRequeue.MaxRequeues)]
    public async Task RequeueAsync_RecordChangedMeanwhile_SendsNothingAndLogsNothing(int requeues)
    {
        await AddAsync(7, JobState.Provisioned, requeues);

        var requeued = await Requeue(new UpdatesLost(jobs)).RequeueAsync(Pool, 7, CancellationToken.None);

        Assert.False(requeued);
        Assert.Empty(queue.Messages);
        Assert.Empty(logger.Collector.GetSnapshot());
    }

    /// <summary>Every update loses its race (another instance changed the record after it was read).</summary>
    private sealed class UpdatesLost(IJobStore inner) : IJobStore
    {
        public Task<JobRecord?> GetAsync(string pool, long jobId, CancellationToken cancellationToken) => inner.GetAsync(pool, jobId, cancellationToken);

        public Task<IReadOnlyList<JobRecord>> ListAsync(string pool, JobState state, CancellationToken cancellationToken) => inner.ListAsync(pool, state, cancellationToken);

        public Task<int> DeleteCreatedBeforeAsync(string pool, DateTimeOffset before, CancellationToken cancellationToken) => inner.DeleteCreatedBeforeAsync(pool, before, cancellationToken);

        public Task<JobRecord?> TryAddAsync(JobRecord record, CancellationToken cancellationToken) => inner.TryAddAsync(record, cancellationToken);

        public Task<JobRecord?> TryUpdateAsync(JobRecord record, CancellationToken cancellationToken) => Task.FromResult<JobRecord?>(null);
    }
}
