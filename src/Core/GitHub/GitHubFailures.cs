using System.Globalization;
using System.Net;
using Octokit;
using Scaler.Core.Failures;

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

/// <summary>
/// Maps Octokit and transport failures to <see cref="AdapterException"/>s of <see cref="AdapterName.GitHub"/>. Messages
/// carry GitHub's text, never a credential.
/// </summary>
internal static class GitHubFailures
{
    public static AdapterException Map(Exception exception, GitHubOperation operation, DateTimeOffset now, TimeSpan backoff)
    {
        switch (exception)
        {
            case AdapterException mapped:
                return mapped;
            case ApiException api:
                return FromApi(api, operation, now, backoff);
            case HttpRequestException or TimeoutException or OperationCanceledException:
                return Failure(FailureKind.Transient, $"{operation}: no answer from GitHub ({exception.GetType().Name})", inner: exception);
            default:
                return Failure(FailureKind.Transient, $"{operation} failed: {exception.GetType().Name}", inner: exception);
        }
    }

    /// <summary>A GitHub failure raised by the adapter itself (no call made, or an answer it cannot use).</summary>
    public static AdapterException Failure(FailureKind kind, string message, TimeSpan? retryAfter = null, Exception? inner = null) =>
        new(AdapterName.GitHub, kind, message, retryAfter, inner);

    private static AdapterException FromApi(ApiException api, GitHubOperation operation, DateTimeOffset now, TimeSpan backoff)
    {
        var status = (int)api.StatusCode;
        var headers = api.HttpResponse?.Headers;
        var message = $"{operation}: GitHub answered {status}: {api.ApiError?.Message ?? api.Message}";
        if (IsRateLimit(api, status, headers))
        {
            var retryAfter = RetryAfter(headers, now) ?? backoff;
            return Failure(FailureKind.Throttled, message, retryAfter, api);
        }

        // The same status means different things on different endpoints; elsewhere a 409 or 422 is not expected.
        var kind = (status, operation) switch
        {
            (401 or 403, _) => FailureKind.Unauthorized,
            (404, _) => FailureKind.NotFound,
            (409, GitHubOperation.GenerateJitConfig) => FailureKind.Conflict,
            (422, GitHubOperation.GenerateJitConfig) => FailureKind.CapacityUnavailable,
            (422, GitHubOperation.DeleteRunner) => FailureKind.Conflict,
            _ => FailureKind.Transient,
        };
        return Failure(kind, message, inner: api);
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
