using System.Text;
using Scaler.Cli.Sandbox;
using Scaler.Core.Jobs;
using Scaler.Core.Pools;
using Scaler.Emulators.GitHub.Jobs;

namespace Scaler.Functions.Tests.Jobs;

/// <summary>The <c>workflow-jobs</c> message the webhook function would have queued for a job queued at the GitHub emulator.</summary>
internal static class QueuedMessages
{
    public static string For(WorkflowJobInfo job, string pool = "linux-x64") =>
        Encoding.UTF8.GetString(new JobMessage
        {
            DeliveryId = Guid.NewGuid(),
            Action = JobAction.Queued,
            JobId = job.Id,
            RunId = job.RunId,
            RunAttempt = 1,
            Repository = job.RepositoryFullName,
            Visibility = RepositoryVisibility.Private,
            Organization = Sandbox.Organization,
            InstallationId = Sandbox.InstallationId,
            Labels = job.Labels,
            Pool = pool,
            CreatedAt = job.CreatedAt,
            ReceivedAt = DateTimeOffset.UtcNow,
        }.ToJson());
}
