namespace Scaler.Emulators.Common;

/// <summary>What an injected fault does to a request it hits.</summary>
public enum FaultEffect
{
    /// <summary>Answers with <see cref="FaultRule.Status"/> in the API's error shape.</summary>
    Error,

    /// <summary>Answers 429 with <c>Retry-After</c> set to <see cref="FaultRule.RetryAfter"/>, as the API's rate limit does.</summary>
    Throttle,

    /// <summary>Waits <see cref="FaultRule.Latency"/> on the emulator's clock, then handles the request.</summary>
    Delay,
}

/// <summary>
/// One injected fault: its effect, the share of matching requests it hits (<see cref="Rate"/>, drawn from the
/// emulator's seeded random source) and how many it hits at most (<see cref="Count"/>). For example
/// <c>FaultRule.Error(503) with { Count = 2 }</c> or <c>FaultRule.Throttle(TimeSpan.FromSeconds(30))</c>.
/// </summary>
public sealed record FaultRule
{
    public FaultEffect Effect { get; init; }

    /// <summary>The status an <see cref="FaultEffect.Error"/> answers with.</summary>
    public int Status { get; init; } = 500;

    /// <summary>The wait a <see cref="FaultEffect.Throttle"/> asks for.</summary>
    public TimeSpan RetryAfter { get; init; }

    /// <summary>The wait a <see cref="FaultEffect.Delay"/> adds.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Share (0 to 1) of matching requests the rule hits; 1 hits every one without a draw.</summary>
    public double Rate { get; init; } = 1;

    /// <summary>How many requests the rule hits before it is spent; null for no limit.</summary>
    public int? Count { get; init; }

    public static FaultRule Error(int status = 500) => new() { Effect = FaultEffect.Error, Status = status };

    public static FaultRule Throttle(TimeSpan retryAfter) => new() { Effect = FaultEffect.Throttle, RetryAfter = retryAfter };

    public static FaultRule Delay(TimeSpan latency) => new() { Effect = FaultEffect.Delay, Latency = latency };

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Rate, 0, nameof(Rate));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Rate, 1, nameof(Rate));
        if (Count is { } count)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(count, nameof(Count));
        }

        if (Effect == FaultEffect.Error)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(Status, 400, nameof(Status));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(Status, 599, nameof(Status));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(RetryAfter, TimeSpan.Zero, nameof(RetryAfter));
        ArgumentOutOfRangeException.ThrowIfLessThan(Latency, TimeSpan.Zero, nameof(Latency));
    }
}
