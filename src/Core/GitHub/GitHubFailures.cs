using System.Globalization;
using System.Net;
using Octokit;

namespace Scaler.Core.GitHub;

/// <summary>The call a failure came from; the same status means different things on different endpoints.</summary>
internal enum GitHubOperation
{
    GenerateJitConfig,
    GetRunner,
    GetRunnerGroup,
    ListRunners,
    DeleteRunner,
    ListDownloads,
    ListReleases,
    ListDeliveries,
    GetJob,
    RerunJob,
    Redeliver,
    InstallationLookup,
    InstallationToken,
}

/// <summary>Maps Octokit and transport failures to <see cref="GitHubException"/>s. Messages carry GitHub's text, never a credential.</summary>
internal static class GitHubFailures
{
    public static GitHubException Map(Exception exception, GitHubOperation operation, DateTimeOffset now, TimeSpan backoff)
    {
        switch (exception)
        {
            case GitHubException mapped:
                return mapped;
            case ApiException api:
                return FromApi(api, operation, now, backoff);
            case HttpRequestException or TimeoutException or OperationCanceledException:
                return new GitHubException(GitHubFailure.Transient, $"{operation}: no answer from GitHub ({exception.GetType().Name})", inner: exception);
            default:
                return new GitHubException(GitHubFailure.Transient, $"{operation} failed: {exception.GetType().Name}", inner: exception);
        }
    }

    private static GitHubException FromApi(ApiException api, GitHubOperation operation, DateTimeOffset now, TimeSpan backoff)
    {
        var status = (int)api.StatusCode;
        var headers = api.HttpResponse?.Headers;
        var message = $"{operation}: GitHub answered {status}: {api.ApiError?.Message ?? api.Message}";
        if (IsRateLimit(api, status, headers))
        {
            var retryAfter = RetryAfter(headers, now) ?? backoff;
            return new GitHubException(GitHubFailure.RateLimited, message, retryAfter, api);
        }

        var failure = (status, operation) switch
        {
            (401 or 403, _) => GitHubFailure.Unauthorized,
            (404, _) => GitHubFailure.NotFound,
            (409, GitHubOperation.GenerateJitConfig) => GitHubFailure.NameExists,
            (422, GitHubOperation.GenerateJitConfig) => GitHubFailure.GroupFull,
            (422, GitHubOperation.DeleteRunner) => GitHubFailure.RunnerBusy,
            _ => GitHubFailure.Transient,
        };
        return new GitHubException(failure, message, inner: api);
    }

    private static bool IsRateLimit(ApiException api, int status, IReadOnlyDictionary<string, string>? headers) =>
        status == 429
        || api is RateLimitExceededException or SecondaryRateLimitExceededException
        || (status == (int)HttpStatusCode.Forbidden && (Header(headers, "retry-after") is not null || Header(headers, "x-ratelimit-remaining") == "0"));

    /// <summary><c>retry-after</c> (seconds or an HTTP date); else <c>x-ratelimit-reset</c> when nothing remains; else null.</summary>
    internal static TimeSpan? RetryAfter(IReadOnlyDictionary<string, string>? headers, DateTimeOffset now)
    {
        if (Header(headers, "retry-after") is { } retryAfter)
        {
            if (long.TryParse(retryAfter, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(Math.Max(seconds, 0));
            }

            if (DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                return Max(at - now, TimeSpan.Zero);
            }
        }

        if (Header(headers, "x-ratelimit-remaining") == "0"
            && long.TryParse(Header(headers, "x-ratelimit-reset"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var reset))
        {
            return Max(DateTimeOffset.FromUnixTimeSeconds(reset) - now, TimeSpan.Zero);
        }

        return null;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string? Header(IReadOnlyDictionary<string, string>? headers, string name)
    {
        if (headers is null)
        {
            return null;
        }

        foreach (var (key, value) in headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value?.Trim();
            }
        }

        return null;
    }
}
