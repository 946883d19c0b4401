namespace Scaler.Core.Jobs;

/// <summary>The <c>workflow-jobs</c> queue, as the webhook intake sees it.</summary>
public interface IJobQueue
{
    Task EnqueueAsync(JobMessage message, CancellationToken cancellationToken);
}
