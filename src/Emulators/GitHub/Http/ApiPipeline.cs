using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Scaler.Emulators.Common;
using Scaler.Emulators.GitHub.Auth;
using Scaler.Emulators.GitHub.Faults;
using Scaler.Emulators.GitHub.RateLimits;

namespace Scaler.Emulators.GitHub.Http;

/// <summary>
/// Runs before every endpoint: holds one of the caller's concurrent-request slots (when that secondary limit is on),
/// counts the call, applies injected faults, authenticates the caller against the endpoint's
/// <see cref="AuthRequirement"/> and enforces rate limits. Secondary limits answer <paramref name="secondaryLimitStatus"/>
/// (GitHub sends 403 or 429) with <c>retry-after</c>.
/// </summary>
internal sealed class ApiPipeline(
    GitHubCounters counters,
    GitHubFaults faults,
    AppJwtValidator jwtValidator,
    TokenStore tokens,
    RateLimiter rateLimiter,
    TimeProvider timeProvider,
    ConcurrencyLimit? concurrency = null,
    int secondaryLimitStatus = StatusCodes.Status429TooManyRequests)
{
    public const string CallerItem = "github-emulator-caller";

    /// <summary>GitHub gives no retry-after for too many concurrent requests and asks clients to wait at least a minute.</summary>
    private static readonly TimeSpan ConcurrencyRetryAfter = TimeSpan.FromMinutes(1);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint() is not RouteEndpoint endpoint)
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status404NotFound, "Not Found");
            return;
        }

        var target = new GitHubEndpoint(context.Request.Method, endpoint.RoutePattern.RawText ?? context.Request.Path.Value ?? "/");
        var credential = context.Request.Headers.Authorization.ToString();
        if (concurrency is null || credential.Length == 0)
        {
            await InvokeCoreAsync(context, endpoint, target, next);
            return;
        }

        // The slot is held through injected latency and the handler, as a slow GitHub keeps a request in flight.
        if (!concurrency.TryEnter(credential))
        {
            counters.CountCall(target);
            counters.CountThrottled(target);
            await WriteSecondaryLimitAsync(context, ConcurrencyRetryAfter);
            return;
        }

        try
        {
            await InvokeCoreAsync(context, endpoint, target, next);
        }
        finally
        {
            concurrency.Exit(credential);
        }
    }

    private async Task InvokeCoreAsync(HttpContext context, RouteEndpoint endpoint, GitHubEndpoint target, RequestDelegate next)
    {
        var method = context.Request.Method;
        counters.CountCall(target);

        if (await ApplyFaultAsync(context, target))
        {
            return;
        }

        var requirement = endpoint.Metadata.GetMetadata<AuthRequirementMetadata>()?.Requirement ?? AuthRequirement.None;
        if (requirement == AuthRequirement.None)
        {
            await next(context);
            return;
        }

        var (caller, status, error) = await AuthenticateAsync(context, requirement);
        if (caller is null)
        {
            await ApiErrors.WriteAsync(context, status, error!);
            return;
        }

        context.Items[CallerItem] = caller;
        var decision = rateLimiter.Check(caller.RateLimitKey, method, target.Template);
        WriteRateLimitHeaders(context.Response, decision);
        if (decision.Verdict != RateLimitVerdict.Allowed)
        {
            counters.CountThrottled(target);
        }

        if (decision.Verdict == RateLimitVerdict.PrimaryExceeded)
        {
            context.Response.Headers.RetryAfter = Seconds(decision.RetryAfter);
            var who = caller.InstallationId is { } id ? $"installation ID {id}" : "this token";
            await ApiErrors.WriteAsync(context, StatusCodes.Status403Forbidden, $"API rate limit exceeded for {who}.", "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting");
            return;
        }

        if (decision.Verdict == RateLimitVerdict.SecondaryExceeded)
        {
            await WriteSecondaryLimitAsync(context, decision.RetryAfter);
            return;
        }

        await next(context);
    }

    public static CallerIdentity Caller(HttpContext context) =>
        context.Items[CallerItem] as CallerIdentity ?? CallerIdentity.Anonymous;

    private async Task<bool> ApplyFaultAsync(HttpContext context, GitHubEndpoint target)
    {
        var fault = faults.Take(target);
        if (fault.Latency > TimeSpan.Zero)
        {
            await Task.Delay(fault.Latency, timeProvider, context.RequestAborted);
        }

        switch (fault.Answer)
        {
            case { Effect: FaultEffect.Throttle } throttle:
                counters.CountThrottled(target);
                await WriteSecondaryLimitAsync(context, throttle.RetryAfter);
                return true;
            case { Effect: FaultEffect.Error } error:
                counters.CountInjectedError(target);
                await ApiErrors.WriteAsync(context, error.Status, "Server Error");
                return true;
            default:
                return false;
        }
    }

    private async Task<(CallerIdentity? Caller, int Status, string? Error)> AuthenticateAsync(HttpContext context, AuthRequirement requirement)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        var credential = space > 0 ? header[(space + 1)..].Trim() : string.Empty;
        if (credential.Length == 0)
        {
            return requirement == AuthRequirement.AppJwt
                ? (null, StatusCodes.Status401Unauthorized, "A JSON web token could not be decoded")
                : (null, StatusCodes.Status401Unauthorized, "Requires authentication");
        }

        var result = AppJwtValidator.LooksLikeJwt(credential)
            ? await jwtValidator.ValidateAsync(credential)
            : tokens.Authenticate(credential);
        if (result.Identity is not { } caller)
        {
            return (null, StatusCodes.Status401Unauthorized, result.Error);
        }

        return requirement switch
        {
            AuthRequirement.AppJwt when caller.Kind != CallerKind.App =>
                (null, StatusCodes.Status401Unauthorized, "A JSON web token could not be decoded"),
            AuthRequirement.InstallationOrPat when caller.Kind == CallerKind.App =>
                (null, StatusCodes.Status403Forbidden, "Resource not accessible by integration"),
            AuthRequirement.Pat when caller.Kind != CallerKind.PersonalAccessToken =>
                (null, StatusCodes.Status403Forbidden, "Resource not accessible by integration"),
            _ => (caller, StatusCodes.Status200OK, null),
        };
    }

    private Task WriteSecondaryLimitAsync(HttpContext context, TimeSpan retryAfter)
    {
        context.Response.Headers.RetryAfter = Seconds(retryAfter);
        return ApiErrors.WriteAsync(
            context,
            secondaryLimitStatus,
            "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
            "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits");
    }

    private static void WriteRateLimitHeaders(HttpResponse response, RateLimitDecision decision)
    {
        response.Headers["x-ratelimit-limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
        response.Headers["x-ratelimit-remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers["x-ratelimit-used"] = decision.Used.ToString(CultureInfo.InvariantCulture);
        response.Headers["x-ratelimit-reset"] = decision.Reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        response.Headers["x-ratelimit-resource"] = "core";
    }

    private static string Seconds(TimeSpan value) =>
        ((long)Math.Ceiling(Math.Max(value.TotalSeconds, 1))).ToString(CultureInfo.InvariantCulture);
}

/// <summary>Carries an <see cref="AuthRequirement"/> as endpoint metadata.</summary>
internal sealed record AuthRequirementMetadata(AuthRequirement Requirement);
