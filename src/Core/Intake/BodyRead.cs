namespace Scaler.Core.Intake;

/// <summary>How reading a webhook body ended.</summary>
public enum BodyStatus
{
    /// <summary>The whole body is in <see cref="BodyRead.Body"/>.</summary>
    Read,

    /// <summary>Declared or found to be over the cap; reading stopped one byte past it.</summary>
    TooLarge,

    /// <summary>The process's budget for unauthenticated bodies could not give the next segment; nothing more was read.</summary>
    OverBudget,

    /// <summary>The whole body did not arrive within the body timeout.</summary>
    TimedOut,

    /// <summary>The connection failed or the server gave up on it (too slow for the minimum data rate) before the end.</summary>
    Incomplete,
}

/// <summary>The outcome of <see cref="CappedBody.ReadAsync"/>; <see cref="Body"/> is set only when <see cref="Status"/> is <see cref="BodyStatus.Read"/>.</summary>
public readonly record struct BodyRead(BodyStatus Status, PooledBody? Body = null);

/// <summary>What a body may be: its size and how long it may take to arrive.</summary>
public sealed record BodyLimits(int MaxBytes, TimeSpan Timeout);
