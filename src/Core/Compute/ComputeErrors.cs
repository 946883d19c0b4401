using System.Globalization;
using Azure;

namespace Scaler.Core.Compute;

/// <summary>
/// Reads an Azure <see cref="RequestFailedException"/> as a <see cref="ComputeFailure"/>. The error code decides
/// first (a failed long-running operation reports its code with status 200), then the HTTP status.
/// </summary>
internal static class ComputeErrors
{
    /// <summary>Allocation errors: the region or zone has no room for the size, or none at Spot priority.</summary>
    private static readonly HashSet<string> CapacityCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "AllocationFailed",
        "ZonalAllocationFailed",
        "OverconstrainedAllocationRequest",
        "OverconstrainedZonalAllocationRequest",
        "SpotCapacityNotAvailable",
        "SpotMaxPriceIsLowerThanCurrentPrice",
    };

    private static readonly HashSet<string> QuotaCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "QuotaExceeded",
        "OperationNotAllowedQuotaExceeded",
        "LowPriorityQuotaExceeded",
    };

    private static readonly HashSet<string> NotFoundCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "NotFound",
        "ResourceNotFound",
        "ResourceGroupNotFound",
        "ParentResourceNotFound",
    };

    /// <summary>The typed failure for <paramref name="error"/>; <paramref name="spot"/> says whether the request was for Spot.</summary>
    public static ComputeException Map(RequestFailedException error, bool spot = false)
    {
        ArgumentNullException.ThrowIfNull(error);
        var code = error.ErrorCode ?? "";
        var failure = Classify(error.Status, code, error.Message, spot);
        var retryAfter = failure == ComputeFailure.Throttled ? RetryAfter(error) : null;
        var status = error.Status.ToString(CultureInfo.InvariantCulture);
        var message = string.IsNullOrEmpty(code)
            ? $"Azure answered {status}: {FirstLine(error.Message)}"
            : $"Azure answered {status} {code}: {FirstLine(error.Message)}";
        return new ComputeException(failure, message, retryAfter, error);
    }

    internal static ComputeFailure Classify(int status, string code, string message, bool spot)
    {
        if (status == 429 || code.Equals("TooManyRequests", StringComparison.OrdinalIgnoreCase))
        {
            return ComputeFailure.Throttled;
        }

        if (code.Equals("SkuNotAvailable", StringComparison.OrdinalIgnoreCase))
        {
            // A size can be offered in the region but have no Spot capacity: Regular may still work.
            return spot ? ComputeFailure.CapacityUnavailable : ComputeFailure.SkuNotAvailable;
        }

        if (CapacityCodes.Contains(code))
        {
            return ComputeFailure.CapacityUnavailable;
        }

        if (QuotaCodes.Contains(code)
            || (code.Equals("OperationNotAllowed", StringComparison.OrdinalIgnoreCase) && message.Contains("quota", StringComparison.OrdinalIgnoreCase)))
        {
            return ComputeFailure.QuotaExceeded;
        }

        if (status == 404 || NotFoundCodes.Contains(code))
        {
            return ComputeFailure.NotFound;
        }

        return status switch
        {
            408 or 0 or >= 500 => ComputeFailure.Transient,
            >= 400 => ComputeFailure.Invalid,
            _ => string.IsNullOrEmpty(code) ? ComputeFailure.Transient : ComputeFailure.Invalid,
        };
    }

    /// <summary><c>Retry-After</c> (seconds or an HTTP date) of the response that failed, when there is one.</summary>
    private static TimeSpan? RetryAfter(RequestFailedException error)
    {
        var response = error.GetRawResponse();
        if (response is null)
        {
            return null;
        }

        if (response.Headers.TryGetValue("Retry-After", out var value) && !string.IsNullOrWhiteSpace(value))
        {
            if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when)
                && response.Headers.Date is { } date)
            {
                var delay = when - date;
                return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
            }
        }

        if (response.Headers.TryGetValue("retry-after-ms", out var ms)
            && int.TryParse(ms, NumberStyles.Integer, CultureInfo.InvariantCulture, out var millis) && millis >= 0)
        {
            return TimeSpan.FromMilliseconds(millis);
        }

        return null;
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
