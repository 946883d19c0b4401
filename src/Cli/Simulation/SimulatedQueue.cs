using Scaler.Core.Jobs;

namespace Scaler.Cli.Simulation;

/// <summary>
/// The <c>workflow-jobs</c> queue and its consumers in virtual time, as the Functions host and <c>scaler serve</c> run
/// them: <see cref="SimulationOptions.QueueConsumers"/> instances share the queue; each takes up to
/// <see cref="SimulationOptions.QueueBatchSize"/> visible messages, handles them at once, and takes more when no more
/// than <see cref="SimulationOptions.QueueNewBatchThreshold"/> are still in its hand; an idle consumer polls with a
/// growing interval. A handler holds its message while it waits (for a VM create operation, in wait mode). A handler
/// that fails leaves the message to reappear after the visibility timeout, up to five dequeues; then it is counted as
/// poisoned.
/// </summary>
internal sealed class SimulatedQueue(EventLoop loop, SimulationOptions options) : IJobQueue
{
    public const int MaxDequeueCount = 5;
    public static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan FirstPollingInterval = TimeSpan.FromMilliseconds(100);

    private readonly List<(JobMessage Message, int Dequeues)> visible = [];
    private readonly List<Consumer> consumers = [];
    private readonly EventLoop loop = loop;
    private readonly SimulationOptions options = options;

    /// <summary>Handles one message (the job processor).</summary>
    public Func<JobMessage, Task>? Handler { get; set; }

    public int Poisoned { get; private set; }

    /// <summary>Messages a handler took, redeliveries included.</summary>
    public int Handled { get; private set; }

    /// <summary>The consumers' first polls.</summary>
    public void Start()
    {
        for (var i = 0; i < Math.Max(options.QueueConsumers, 1); i++)
        {
            var consumer = new Consumer(this);
            consumers.Add(consumer);
            consumer.SchedulePoll(TimeSpan.Zero);
        }
    }

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
            foreach (var consumer in consumers)
            {
                consumer.SchedulePoll(TimeSpan.Zero);
            }
        }
    });

    /// <summary>One instance's queue trigger: its own messages in hand and its own polling interval.</summary>
    private sealed class Consumer(SimulatedQueue queue)
    {
        private TimeSpan pollingInterval = FirstPollingInterval;
        private int inHand;
        private long pollGeneration;
        private DateTimeOffset? pollAt;

        private EventLoop Loop => queue.loop;

        private SimulationOptions Options => queue.options;

        /// <summary>Polls after <paramref name="after"/>, unless a poll comes sooner.</summary>
        public void SchedulePoll(TimeSpan after)
        {
            var at = Loop.Now + after;
            if (pollAt <= at)
            {
                return;
            }

            var generation = ++pollGeneration;
            pollAt = at;
            Loop.At(at, () =>
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
            if (inHand > Options.QueueNewBatchThreshold)
            {
                return;
            }

            var batch = queue.visible.Take(Options.QueueBatchSize).ToList();
            queue.visible.RemoveRange(0, batch.Count);
            if (batch.Count == 0)
            {
                if (Options.QueueMaxPollingInterval > TimeSpan.Zero)
                {
                    SchedulePoll(pollingInterval);
                    pollingInterval = TimeSpan.FromTicks(Math.Min(pollingInterval.Ticks * 2, Options.QueueMaxPollingInterval.Ticks));
                }

                return;
            }

            pollingInterval = FirstPollingInterval;
            inHand += batch.Count;
            queue.Handled += batch.Count;
            foreach (var item in batch)
            {
                var handled = queue.Handler!(item.Message);
                EventLoop.OnCompleted(handled, () => Done(item.Message, item.Dequeues + 1, handled));
            }

            if (inHand <= Options.QueueNewBatchThreshold)
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
                    queue.Poisoned++;
                }
                else
                {
                    queue.Show(message, dequeues, VisibilityTimeout);
                }
            }

            if (inHand <= Options.QueueNewBatchThreshold)
            {
                SchedulePoll(TimeSpan.Zero);
            }
        }
    }
}
