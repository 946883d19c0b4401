namespace Scaler.Core.Failures;

/// <summary>
/// A failure of one of Scaler's adapters (GitHub, Azure compute, Azure storage), typed so that callers decide on
/// <see cref="Kind"/>, <see cref="IsTransient"/> and <see cref="RetryAfter"/> instead of status codes. The message
/// says what the service answered, never a credential; the service's own exception is the inner exception.
/// </summary>
public sealed class AdapterException : Exception
{
    public AdapterException(AdapterName adapter, FailureKind kind, string message, TimeSpan? retryAfter = null, Exception? inner = null)
        : base(message, inner)
    {
        Adapter = adapter;
        Kind = kind;
        RetryAfter = retryAfter;
    }

    public AdapterName Adapter { get; }

    public FailureKind Kind { get; }

    /// <summary>When the service said to come back (for <see cref="FailureKind.Throttled"/>); null when it did not say.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The same call may succeed when made again, at once or after <see cref="RetryAfter"/>: <see cref="FailureKind.Transient"/> or <see cref="FailureKind.Throttled"/>.</summary>
    public bool IsTransient => Kind is FailureKind.Transient or FailureKind.Throttled;
}
