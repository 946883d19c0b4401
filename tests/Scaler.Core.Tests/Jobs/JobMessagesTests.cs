using System.Diagnostics;
using Scaler.Core.GitHub;
using Scaler.Core.Jobs;
using Scaler.Core.Pools;
using Scaler.Core.State;
using Scaler.Core.Telemetry;

namespace Scaler.Core.Tests.Jobs;

/// <summary>Each field a message is made of, read back: the processor acts on what the message carries, nothing else.</summary>
public class JobMessagesTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 27, 21, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Received = new(2026, 11, 27, 21, 12, 13, TimeSpan.Zero);

    private static readonly JobRecord Record = new()
    {
        Pool = "linux-x64",
        JobId = 42,
        Repository = "contoso/api",
        Visibility = RepositoryVisibility.Internal,
        RunId = 70,
        InstallationId = 9,
        CreatedAt = Created,
    };

    private static WorkflowJobEvent Delivery(int runAttempt = 2) => new(
        "completed",
        new WorkflowJob(42, 70, runAttempt, "build", "completed", "success", ["self-hosted", "linux"], 31, "linux-x64-42", 1, Created, Created.AddMinutes(1), Created.AddMinutes(5)),
        new RepositoryRef(5, "contoso/api", Private: true, Visibility: "private"),
        new AccountRef(6, "contoso"),
        new EnterpriseRef(7, "fabrikam"),
        new InstallationRef(9));

    /// <summary>A span of the job's own trace, as the intake and the processor have while they make messages.</summary>
    private static Activity StartJobSpan(long jobId) =>
        new Activity("job").SetParentId(JobTrace.TraceIdOf(jobId), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded).Start();

    [Fact]
    public void FromWebhook_Delivery_CarriesEveryFieldOfIt()
    {
        var delivery = Guid.NewGuid();
        using var span = StartJobSpan(42);

        var message = JobMessages.FromWebhook(Delivery(), JobAction.Completed, delivery, "linux-x64", Received);

        Assert.Equal((delivery, JobAction.Completed, 42L, 70L, 2), (message.DeliveryId, message.Action, message.JobId, message.RunId, message.RunAttempt));
        Assert.Equal(("contoso/api", (RepositoryVisibility?)RepositoryVisibility.Private, "contoso", "fabrikam", (long?)9), (message.Repository, message.Visibility, message.Organization, message.Enterprise, message.InstallationId));
        Assert.Equal(["self-hosted", "linux"], message.Labels);
        Assert.Equal(("linux-x64", (long?)31, "linux-x64-42", "success"), (message.Pool, message.RunnerId, message.RunnerName, message.Conclusion));
        Assert.Equal(((DateTimeOffset?)Created, (DateTimeOffset?)Created.AddMinutes(1), (DateTimeOffset?)Created.AddMinutes(5), Received), (message.CreatedAt, message.StartedAt, message.CompletedAt, message.ReceivedAt));
        Assert.Equal(span.Id, message.TraceParent);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(3, 3)]
    public void FromWebhook_RunAttempt_IsAtLeastOne(int delivered, int carried)
    {
        var message = JobMessages.FromWebhook(Delivery(delivered), JobAction.Queued, Guid.NewGuid(), "linux-x64", Received);

        Assert.Equal(carried, message.RunAttempt);
    }

    [Fact]
    public void FromWebhook_NoOrganizationEnterpriseOrInstallation_LeavesThemEmpty()
    {
        var message = JobMessages.FromWebhook(Delivery() with { Organization = null, Enterprise = null, Installation = null }, JobAction.Queued, Guid.NewGuid(), "linux-x64", Received);

        Assert.Equal(((string?)null, (string?)null, (long?)null), (message.Organization, message.Enterprise, message.InstallationId));
    }

    [Fact]
    public void FromRecord_Record_CarriesTheJobWithANewDeliveryAndNoLabels()
    {
        using var span = StartJobSpan(42);

        var first = JobMessages.FromRecord(Record, JobAction.Queued, Received);
        var second = JobMessages.FromRecord(Record, JobAction.Queued, Received);

        Assert.Equal((JobAction.Queued, 42L, 70L, 1, "contoso/api"), (first.Action, first.JobId, first.RunId, first.RunAttempt, first.Repository));
        Assert.Equal(((RepositoryVisibility?)RepositoryVisibility.Internal, (long?)9, "linux-x64", (DateTimeOffset?)Created, Received), (first.Visibility, first.InstallationId, first.Pool, first.CreatedAt, first.ReceivedAt));
        Assert.Empty(first.Labels);
        Assert.NotEqual(Guid.Empty, first.DeliveryId);
        Assert.NotEqual(first.DeliveryId, second.DeliveryId);
        Assert.Equal(span.Id, first.TraceParent);
    }

    [Fact]
    public void FromGitHub_JobAsGitHubReadsIt_CarriesWhatGitHubSaysOverTheRecord()
    {
        var found = new GitHubJob(42, 71, "completed", "failure", 31, "linux-x64-42", Created.AddMinutes(-1), Created.AddMinutes(1), Created.AddMinutes(5));

        var message = JobMessages.FromGitHub(Record, found, JobAction.Completed, Received);

        Assert.Equal((JobAction.Completed, 42L, 71L, "contoso/api", "linux-x64"), (message.Action, message.JobId, message.RunId, message.Repository, message.Pool));
        Assert.Equal(((long?)31, "linux-x64-42", "failure"), (message.RunnerId, message.RunnerName, message.Conclusion));
        Assert.Equal(((DateTimeOffset?)Created, (DateTimeOffset?)Created.AddMinutes(1), (DateTimeOffset?)Created.AddMinutes(5), Received), (message.CreatedAt, message.StartedAt, message.CompletedAt, message.ReceivedAt));
    }

    [Fact]
    public void FromGitHub_RecordWithoutCreatedAt_TakesGitHubs()
    {
        var found = new GitHubJob(42, 70, "in_progress", null, 31, "linux-x64-42", Created.AddMinutes(-1), Created.AddMinutes(1), null);

        var message = JobMessages.FromGitHub(Record with { CreatedAt = null }, found, JobAction.InProgress, Received);

        Assert.Equal(Created.AddMinutes(-1), message.CreatedAt);
    }

    [Fact]
    public void FromAny_NullArgument_ThrowsNamingIt()
    {
        Assert.Equal("payload", Assert.Throws<ArgumentNullException>(() => JobMessages.FromWebhook(null!, JobAction.Queued, Guid.NewGuid(), "linux-x64", Received)).ParamName);
        Assert.Equal("job", Assert.Throws<ArgumentNullException>(() => JobMessages.FromRecord(null!, JobAction.Queued, Received)).ParamName);
        Assert.Equal("found", Assert.Throws<ArgumentNullException>(() => JobMessages.FromGitHub(Record, null!, JobAction.Queued, Received)).ParamName);
    }
}
