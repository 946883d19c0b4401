using Microsoft.Extensions.Logging;
using Scaler.Core.Failures;
using Scaler.Core.Telemetry;

namespace Scaler.Core.GitHub;

/// <summary>GitHub client log events (ids 1100-1199). No token, JWT, key or JIT config is ever a parameter.</summary>
internal static partial class GitHubClientLog
{
    [LoggerMessage(EventId = 1100, EventName = "InstallationTokenIssued", Level = LogLevel.Debug,
        Message = "Issued an access token for installation {InstallationId}, valid until {ExpiresAt}")]
    public static partial void TokenIssued(ILogger logger, long installationId, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 1101, EventName = "InstallationResolved", Level = LogLevel.Information,
        Message = "GitHub App installation of {Scope} {Owner} is {InstallationId}")]
    public static partial void InstallationResolved(ILogger logger, Scaler.Core.Pools.RunnerScope scope, WorkflowText owner, long installationId);

    [LoggerMessage(EventId = 1102, EventName = "GitHubRateLimited", Level = LogLevel.Warning,
        Message = "GitHub rate limit on {Operation} with {Credential}: every call on it waits {RetryAfter} (until {Until})")]
    public static partial void RateLimited(ILogger logger, GitHubOperation operation, string credential, TimeSpan retryAfter, DateTimeOffset until);

    [LoggerMessage(EventId = 1103, EventName = "GitHubCallWaited", Level = LogLevel.Debug,
        Message = "{Operation} with {Credential} waited {Waited} for pacing or a rate-limit pause")]
    public static partial void Waited(ILogger logger, GitHubOperation operation, string credential, TimeSpan waited);

    [LoggerMessage(EventId = 1104, EventName = "GitHubCallFailed", Level = LogLevel.Warning,
        Message = "{Operation} at {Target} failed: {Failure}")]
    public static partial void CallFailed(ILogger logger, GitHubOperation operation, WorkflowText target, FailureKind failure);

    [LoggerMessage(EventId = 1105, EventName = "JitConfigGenerated", Level = LogLevel.Information,
        Message = "Registered JIT runner {RunnerName} ({RunnerId}) at {Target} in group {RunnerGroupId}")]
    public static partial void JitConfigGenerated(ILogger logger, string runnerName, long runnerId, string target, long runnerGroupId);

    [LoggerMessage(EventId = 1106, EventName = "RunnerDeleted", Level = LogLevel.Information,
        Message = "Deleted runner {RunnerId} at {Target}")]
    public static partial void RunnerDeleted(ILogger logger, long runnerId, string target);
}
