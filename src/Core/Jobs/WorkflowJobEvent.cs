namespace Scaler.Core.Jobs;

/// <summary>The parts of a <c>workflow_job</c> delivery that Scaler reads. Ids are 64-bit.</summary>
public sealed record WorkflowJobEvent(
    string? Action,
    WorkflowJob? WorkflowJob,
    RepositoryRef? Repository,
    AccountRef? Organization,
    EnterpriseRef? Enterprise,
    InstallationRef? Installation);

public sealed record WorkflowJob(
    long Id,
    long RunId,
    int RunAttempt,
    string? Name,
    string? Status,
    string? Conclusion,
    IReadOnlyList<string>? Labels,
    long? RunnerId,
    string? RunnerName,
    long? RunnerGroupId,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt);

/// <param name="Visibility"><c>public</c>, <c>private</c> or <c>internal</c>.</param>
public sealed record RepositoryRef(long Id, string? FullName, bool? Private = null, string? Visibility = null);

public sealed record AccountRef(long Id, string? Login);

public sealed record EnterpriseRef(long Id, string? Slug);

public sealed record InstallationRef(long Id);
