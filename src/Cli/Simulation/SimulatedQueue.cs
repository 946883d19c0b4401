using Scaler.Core.Jobs;

namespace Scaler.Cli.Simulation;

/// <summary>
/// The <c>workflow-jobs</c> queue and its one consumer in virtual time, as the Functions host and <c>scaler serve</c>
/// run it: the consumer takes up to <see cref="SimulationOptions.QueueBatchSize"/> visible messages, handles them at
/// once, and takes more when no more than <see cref="SimulationOptions.QueueNewBatchThreshold"/> are still in hand; an
/// idle consumer polls with a growing interval. A handler holds its message while it waits (for a VM create operation).
/// A handler that fails leaves the message to reappear after the visibility timeout, up to five dequeues; then it is
/// counted as poisoned.
/// </summary>
internal sealed class SimulatedQueue(EventLoop loop, SimulationOptions options) : IJobQueue
{
    public const int MaxDequeueCount = 5;
    public static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan FirstPollingInterval = TimeSpan.FromMilliseconds(100);

    private readonly List<(JobMessage Message, int Dequeues)> visible = [];
    private TimeSpan pollingInterval = FirstPollingInterval;
    private int inHand;
    private long pollGeneration;
    private DateTimeOffset? pollAt;

    /// <summary>Handles one message (the job processor).</summary>
    public Func<JobMessage, Task>? Handler { get; set; }

    public int Poisoned { get; private set; }

    /// <summary>The consumer's first poll.</summary>
    public void Start() => SchedulePoll(TimeSpan.Zero);

    public Task EnqueueAsync(JobMessage message, CancellationToken cancellationToken)
    {
        Show(message, 0, TimeSpan.Zero);
        return Task.CompletedTask;
    }

    public Task DeferAsync(JobMessage message, TimeSpan delay, CancellationToken cancellationToken)
    {
        Show(message, 0, delay);
        return Task.CompletedTask;
    }

    private void Show(JobMessage message, int dequeues, TimeSpan after) => loop.After(after, () =>
    {
        visible.Add((message, dequeues));
        if (options.QueueMaxPollingInterval <= TimeSpan.Zero)
        {
            SchedulePoll(TimeSpan.Zero);
        }
    });

    /// <summary>Polls after <paramref name="after"/>, unless a poll comes sooner.</summary>
    private void SchedulePoll(TimeSpan after)
    {
        var at = loop.Now + after;
        if (pollAt <= at)
        {
            return;
        }

        var generation = ++pollGeneration;
        pollAt = at;
        loop.At(at, () =>
        {
            if (generation == pollGeneration)
            {
                pollAt = null;
                Poll();
            }
        });
    }

    private void Poll()
    {
        if (inHand > options.QueueNewBatchThreshold)
        {
            return;
        }

        var batch = visible.Take(options.QueueBatchSize).ToList();
        visible.RemoveRange(0, batch.Count);
        if (batch.Count == 0)
        {
            if (options.QueueMaxPollingInterval > TimeSpan.Zero)
            {
                SchedulePoll(pollingInterval);
                pollingInterval = TimeSpan.FromTicks(Math.Min(pollingInterval.Ticks * 2, options.QueueMaxPollingInterval.Ticks));
            }

            return;
        }

        pollingInterval = FirstPollingInterval;
        inHand += batch.Count;
        foreach (var item in batch)
        {
            var handled = Handler!(item.Message);
            EventLoop.OnCompleted(handled, () => Done(item.Message, item.Dequeues + 1, handled));
        }

        if (inHand <= options.QueueNewBatchThreshold)
        {
            SchedulePoll(TimeSpan.Zero);
        }
    }

    private void Done(JobMessage message, int dequeues, Task handled)
    {
        inHand--;
        if (!handled.IsCompletedSuccessfully)
        {
            if (dequeues >= MaxDequeueCount)
            {
                Poisoned++;
            }
            else
            {
                Show(message, dequeues, VisibilityTimeout);
            }
        }

        if (inHand <= options.QueueNewBatchThreshold)
        {
            SchedulePoll(TimeSpan.Zero);
        }
    }
}
