namespace Scaler.Core.Compute;

/// <summary>The Azure failures callers decide on.</summary>
public enum ComputeFailure
{
    /// <summary>No capacity for the size or for Spot in the region (allocation failures).</summary>
    CapacityUnavailable,

    /// <summary>The subscription's quota for the size family is spent.</summary>
    QuotaExceeded,

    /// <summary>The size is not offered in the region or zone.</summary>
    SkuNotAvailable,

    /// <summary>429: Azure Resource Manager or Compute throttled the call; see <see cref="ComputeException.RetryAfter"/>.</summary>
    Throttled,

    /// <summary>The scale set or VM does not exist.</summary>
    NotFound,

    /// <summary>The request is wrong (bad image, invalid name, scale set not Flexible): retrying will not help.</summary>
    Invalid,

    /// <summary>5xx, timeouts and other failures worth trying again.</summary>
    Transient,
}

/// <summary>An Azure compute failure, typed so that callers need not read error codes.</summary>
public sealed class ComputeException : Exception
{
    public ComputeException(ComputeFailure failure, string message, TimeSpan? retryAfter = null, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
        RetryAfter = retryAfter;
    }

    public ComputeException()
        : this(ComputeFailure.Transient, "Azure compute request failed")
    {
    }

    public ComputeException(string message)
        : this(ComputeFailure.Transient, message)
    {
    }

    public ComputeException(string message, Exception inner)
        : this(ComputeFailure.Transient, message, null, inner)
    {
    }

    public ComputeFailure Failure { get; }

    public TimeSpan? RetryAfter { get; }
}
