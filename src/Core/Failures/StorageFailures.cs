using System.Globalization;
using Azure;

namespace Scaler.Core.Failures;

/// <summary>
/// Reads an Azure Storage <see cref="RequestFailedException"/> (Table, Queue, Blob) as an <see cref="AdapterException"/>.
/// The adapters handle the statuses they expect (409 on insert, 412 on an ETag mismatch, 404 on a read) themselves;
/// what reaches this map is a failure their callers decide on.
/// </summary>
public static class StorageFailures
{
    /// <summary>The typed failure for <paramref name="error"/> of <paramref name="adapter"/>; <paramref name="what"/> names the table, queue or blob.</summary>
    public static AdapterException Map(AdapterName adapter, RequestFailedException error, string what)
    {
        ArgumentNullException.ThrowIfNull(error);
        var code = error.ErrorCode ?? "";
        var kind = Classify(error.Status, code);
        var retryAfter = kind == FailureKind.Throttled ? AzureErrors.RetryAfter(error) : null;
        var status = error.Status.ToString(CultureInfo.InvariantCulture);
        var message = string.IsNullOrEmpty(code)
            ? $"storage answered {status} for {what}: {AzureErrors.FirstLine(error)}"
            : $"storage answered {status} ({code}) for {what}: {AzureErrors.FirstLine(error)}";
        return new AdapterException(adapter, kind, message, retryAfter, error);
    }

    internal static FailureKind Classify(int status, string code) => status switch
    {
        // Storage throttles with 503 ServerBusy (and, rarely, 429).
        429 => FailureKind.Throttled,
        503 when code.Equals("ServerBusy", StringComparison.OrdinalIgnoreCase) => FailureKind.Throttled,
        404 => FailureKind.NotFound,
        409 or 412 => FailureKind.Conflict,
        401 or 403 => FailureKind.Unauthorized,
        408 or 0 or >= 500 => FailureKind.Transient,
        >= 400 => FailureKind.Invalid,
        _ => FailureKind.Transient,
    };
}
