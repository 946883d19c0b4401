using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Scaler.Emulators.Arm.Json;

namespace Scaler.Emulators.Arm.Throttling;

/// <summary>Writes the Compute resource provider's throttling headers and its 429 answer.</summary>
internal static class ComputeThrottleResponse
{
    public const string RemainingHeader = "x-ms-ratelimit-remaining-resource";

    /// <summary>One <c>x-ms-ratelimit-remaining-resource: Microsoft.Compute/{bucket};{remaining}</c> per bucket the request was charged to.</summary>
    public static void AddHeaders(HttpResponse response, ThrottleDecision decision)
    {
        foreach (var bucket in decision.Buckets)
        {
            response.Headers.Append(RemainingHeader, $"Microsoft.Compute/{bucket.Name};{bucket.Remaining.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    /// <summary>429 with <c>Retry-After</c> and the body Compute sends: <c>OperationNotAllowed</c> with a <c>TooManyRequests</c> detail naming the policy.</summary>
    public static async Task WriteThrottledAsync(HttpContext context, ThrottleDecision decision, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var exhausted = decision.Exhausted!;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = Math.Max(1, Math.Ceiling(decision.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var detail = JsonSerializer.Serialize(new
        {
            operationGroup = exhausted.Name,
            startTime = now,
            endTime = now + decision.RetryAfter,
            allowedRequestCount = exhausted.Capacity,
            measuredRequestCount = exhausted.Capacity + 1,
        });
        await context.Response.WriteAsJsonAsync(
            new
            {
                error = new
                {
                    code = "OperationNotAllowed",
                    message = "The server rejected the request because too many requests have been received for this subscription.",
                    details = new[] { new { code = "TooManyRequests", target = exhausted.Name, message = detail } },
                },
            },
            ArmJson.Options,
            cancellationToken);
    }
}
