namespace Scaler.Emulators.Common;

/// <summary>
/// The faults injected into an emulator's requests, per target (an endpoint, an operation). Every method is
/// thread-safe and takes effect on the next request. Draws come from one random source seeded with
/// <see cref="EmulatorOptions.FaultSeed"/>, so a run repeats.
/// </summary>
public abstract class RequestFaults<TTarget>
    where TTarget : notnull
{
    private readonly Lock gate = new();
    private readonly Random random;
    private readonly Dictionary<TTarget, List<ActiveRule>> rules = [];

    private protected RequestFaults(int seed) => random = new Random(seed);

    /// <summary>Adds <paramref name="rule"/> to the faults of <paramref name="target"/>. Delays add up; of the
    /// errors and throttles, the first injected that hits a request answers it.</summary>
    public void Inject(TTarget target, FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        rule.Validate();
        lock (gate)
        {
            if (!rules.TryGetValue(target, out var list))
            {
                rules[target] = list = [];
            }

            list.Add(new ActiveRule(rule));
        }
    }

    /// <summary>Removes the faults of <paramref name="target"/>.</summary>
    public void Clear(TTarget target)
    {
        lock (gate)
        {
            rules.Remove(target);
        }
    }

    /// <summary>Removes every fault, the emulator's own kinds included.</summary>
    public virtual void ClearAll()
    {
        lock (gate)
        {
            rules.Clear();
        }
    }

    /// <summary>Decides what the faults of <paramref name="target"/> do to one request, spending the rules that hit it.</summary>
    internal InjectedFault Take(TTarget target)
    {
        lock (gate)
        {
            if (!rules.TryGetValue(target, out var list))
            {
                return default;
            }

            var latency = TimeSpan.Zero;
            FaultRule? answer = null;
            foreach (var active in list)
            {
                if (active.Rule.Effect == FaultEffect.Delay)
                {
                    latency += Hits(active) ? active.Rule.Latency : TimeSpan.Zero;
                }
                else if (answer is null && Hits(active))
                {
                    answer = active.Rule;
                }
            }

            list.RemoveAll(a => a.Spent);
            return new InjectedFault(latency, answer);
        }
    }

    /// <summary>True for a share <paramref name="rate"/> of calls, drawn from the seeded source (no draw for 0 or 1).</summary>
    internal bool Roll(double rate)
    {
        lock (gate)
        {
            return RollLocked(rate);
        }
    }

    private bool Hits(ActiveRule active)
    {
        if (active.Spent || !RollLocked(active.Rule.Rate))
        {
            return false;
        }

        active.Hit();
        return true;
    }

    private bool RollLocked(double rate) => rate >= 1 || (rate > 0 && random.NextDouble() < rate);

    private sealed class ActiveRule(FaultRule rule)
    {
        private int hits;

        public FaultRule Rule { get; } = rule;

        public bool Spent => Rule.Count is { } count && hits >= count;

        public void Hit() => hits++;
    }
}

/// <summary>What the faults do to one request: wait <paramref name="Latency"/>, then answer with <paramref name="Answer"/> if set.</summary>
internal readonly record struct InjectedFault(TimeSpan Latency, FaultRule? Answer);
