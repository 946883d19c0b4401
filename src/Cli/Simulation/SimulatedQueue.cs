using Scaler.Core.Jobs;

namespace Scaler.Cli.Simulation;

/// <summary>
/// The <c>workflow-jobs</c> queue in virtual time: a message is handled <see cref="SimulationOptions.QueuePickup"/>
/// after it becomes visible. A handler that throws leaves the message to reappear after the visibility timeout, up to
/// the Functions host's five dequeues; then it is counted as poisoned.
/// </summary>
internal sealed class SimulatedQueue(EventLoop loop, SimulationOptions options) : IJobQueue
{
    public const int MaxDequeueCount = 5;
    public static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Handles one message (the job processor).</summary>
    public Func<JobMessage, Task>? Handler { get; set; }

    public int Poisoned { get; private set; }

    public int Failures { get; private set; }

    /// <summary>Messages put on the queue, deferrals included: the queue writes of the run.</summary>
    public int Writes { get; private set; }

    public Task EnqueueAsync(JobMessage message, CancellationToken cancellationToken)
    {
        Writes++;
        Deliver(message, TimeSpan.Zero, 1);
        return Task.CompletedTask;
    }

    public Task DeferAsync(JobMessage message, TimeSpan delay, CancellationToken cancellationToken)
    {
        Writes++;
        Deliver(message, delay, 1);
        return Task.CompletedTask;
    }

    private void Deliver(JobMessage message, TimeSpan visibleAfter, int dequeue) =>
        loop.After(visibleAfter + options.QueuePickup, async () =>
        {
            try
            {
                await Handler!(message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Failures++;
                if (dequeue >= MaxDequeueCount)
                {
                    Poisoned++;
                    return;
                }

                Deliver(message, VisibilityTimeout, dequeue + 1);
            }
        });
}
