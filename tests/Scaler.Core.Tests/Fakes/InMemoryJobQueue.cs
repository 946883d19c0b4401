using System.Collections.Concurrent;
using Scaler.Core.Jobs;

namespace Scaler.Core.Tests.Fakes;

/// <summary>An <see cref="IJobQueue"/> that keeps messages in memory, or fails when told to.</summary>
internal sealed class InMemoryJobQueue : IJobQueue
{
    public ConcurrentQueue<JobMessage> Messages { get; } = new();

    public Exception? FailWith { get; set; }

    public Task EnqueueAsync(JobMessage message, CancellationToken cancellationToken)
    {
        if (FailWith is not null)
        {
            return Task.FromException(FailWith);
        }

        Messages.Enqueue(message);
        return Task.CompletedTask;
    }

    public ConcurrentQueue<(JobMessage Message, TimeSpan Delay)> Deferred { get; } = new();

    public Task DeferAsync(JobMessage message, TimeSpan delay, CancellationToken cancellationToken)
    {
        Deferred.Enqueue((message, delay));
        return Task.CompletedTask;
    }
}
