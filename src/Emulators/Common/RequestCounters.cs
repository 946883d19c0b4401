using System.Collections.Concurrent;

namespace Scaler.Emulators.Common;

/// <summary>What an emulator served, per target (an endpoint, an operation). Thread-safe.</summary>
public abstract class RequestCounters<TTarget>
    where TTarget : notnull
{
    private readonly ConcurrentDictionary<TTarget, long> calls = new();
    private readonly ConcurrentDictionary<TTarget, long> throttled = new();
    private readonly ConcurrentDictionary<TTarget, long> injectedErrors = new();

    /// <summary>Requests for <paramref name="target"/> that reached it, those answered with a fault included.</summary>
    public long Calls(TTarget target) => calls.GetValueOrDefault(target);

    /// <summary>Requests for <paramref name="target"/> answered with a rate limit, injected or the emulator's own.</summary>
    public long Throttled(TTarget target) => throttled.GetValueOrDefault(target);

    /// <summary>Requests for <paramref name="target"/> answered with an injected error.</summary>
    public long InjectedErrors(TTarget target) => injectedErrors.GetValueOrDefault(target);

    /// <summary>Every target called so far, with its number of calls.</summary>
    public IReadOnlyDictionary<TTarget, long> AllCalls => new Dictionary<TTarget, long>(calls);

    internal void CountCall(TTarget target) => calls.AddOrUpdate(target, 1, (_, n) => n + 1);

    internal void CountThrottled(TTarget target) => throttled.AddOrUpdate(target, 1, (_, n) => n + 1);

    internal void CountInjectedError(TTarget target) => injectedErrors.AddOrUpdate(target, 1, (_, n) => n + 1);
}
