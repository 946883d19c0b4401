namespace Scaler.Core.GitHub;

/// <summary>The failures callers decide on.</summary>
public enum GitHubFailure
{
    /// <summary>404: the runner, installation or scope does not exist (or is not visible).</summary>
    NotFound,

    /// <summary>422 on delete: the runner is running a job.</summary>
    RunnerBusy,

    /// <summary>409 on generate-jitconfig: a runner of that name exists.</summary>
    NameExists,

    /// <summary>422 on generate-jitconfig: the runner group is full.</summary>
    GroupFull,

    /// <summary>403/429 with a rate limit spent; <see cref="GitHubException.RetryAfter"/> says when to come back.</summary>
    RateLimited,

    /// <summary>401/403: the credentials are wrong or lack a permission.</summary>
    Unauthorized,

    /// <summary>5xx, timeouts and other failures worth trying again.</summary>
    Transient,
}

/// <summary>A GitHub API failure, typed so that callers need not read status codes.</summary>
public sealed class GitHubException : Exception
{
    public GitHubException(GitHubFailure failure, string message, TimeSpan? retryAfter = null, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
        RetryAfter = retryAfter;
    }

    public GitHubException()
        : this(GitHubFailure.Transient, "GitHub request failed")
    {
    }

    public GitHubException(string message)
        : this(GitHubFailure.Transient, message)
    {
    }

    public GitHubException(string message, Exception inner)
        : this(GitHubFailure.Transient, message, null, inner)
    {
    }

    public GitHubFailure Failure { get; }

    public TimeSpan? RetryAfter { get; }
}
