using System.Globalization;
using Azure;
using Scaler.Core.Failures;

namespace Scaler.Core.Compute;

/// <summary>
/// Reads an Azure Resource Manager <see cref="RequestFailedException"/> as an <see cref="AdapterException"/> of
/// <see cref="AdapterName.Compute"/>. The error code decides first (a failed long-running operation reports its code
/// with status 200), then the HTTP status.
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
    public static AdapterException Map(RequestFailedException error, bool spot = false)
    {
        ArgumentNullException.ThrowIfNull(error);
        var code = error.ErrorCode ?? "";
        var kind = Classify(error.Status, code, error.Message, spot);
        var retryAfter = kind == FailureKind.Throttled ? AzureErrors.RetryAfter(error) : null;
        var status = error.Status.ToString(CultureInfo.InvariantCulture);
        var message = string.IsNullOrEmpty(code)
            ? $"Azure answered {status}: {AzureErrors.FirstLine(error)}"
            : $"Azure answered {status} {code}: {AzureErrors.FirstLine(error)}";
        return Failure(kind, message, retryAfter, error);
    }

    /// <summary>A compute failure raised by the adapter itself, before or instead of a call to Azure.</summary>
    public static AdapterException Failure(FailureKind kind, string message, TimeSpan? retryAfter = null, Exception? inner = null) =>
        new(AdapterName.Compute, kind, message, retryAfter, inner);

    internal static FailureKind Classify(int status, string code, string message, bool spot)
    {
        if (status == 429 || code.Equals("TooManyRequests", StringComparison.OrdinalIgnoreCase))
        {
            return FailureKind.Throttled;
        }

        if (code.Equals("SkuNotAvailable", StringComparison.OrdinalIgnoreCase))
        {
            // A size can be offered in the region but have no Spot capacity: Regular may still work.
            return spot ? FailureKind.CapacityUnavailable : FailureKind.SkuNotAvailable;
        }

        if (CapacityCodes.Contains(code))
        {
            return FailureKind.CapacityUnavailable;
        }

        if (QuotaCodes.Contains(code)
            || (code.Equals("OperationNotAllowed", StringComparison.OrdinalIgnoreCase) && message.Contains("quota", StringComparison.OrdinalIgnoreCase)))
        {
            return FailureKind.QuotaExceeded;
        }

        if (status == 404 || NotFoundCodes.Contains(code))
        {
            return FailureKind.NotFound;
        }

        return status switch
        {
            408 or 0 or >= 500 => FailureKind.Transient,
            401 or 403 => FailureKind.Unauthorized,
            >= 400 => FailureKind.Invalid,
            _ => string.IsNullOrEmpty(code) ? FailureKind.Transient : FailureKind.Invalid,
        };
    }
}
