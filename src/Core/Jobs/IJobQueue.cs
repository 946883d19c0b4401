namespace Scaler.Core.Jobs;

/// <summary>The <c>workflow-jobs</c> queue, as the intake and the job processor use it.</summary>
public interface IJobQueue
{
    Task EnqueueAsync(JobMessage message, CancellationToken cancellationToken);

    /// <summary>Puts the message back, invisible for <paramref name="delay"/>; it starts a fresh dequeue count.</summary>
    Task DeferAsync(JobMessage message, TimeSpan delay, CancellationToken cancellationToken);
}
