using System.Globalization;

namespace Scaler.Bench;

/// <summary>Durations of single operations and their percentiles (nearest rank).</summary>
internal sealed class Latencies
{
    private readonly List<TimeSpan> values = [];
    private readonly Lock gate = new();

    public int Count
    {
        get
        {
            lock (gate)
            {
                return values.Count;
            }
        }
    }

    public void Add(TimeSpan value)
    {
        lock (gate)
        {
            values.Add(value);
        }
    }

    public TimeSpan Percentile(double p)
    {
        lock (gate)
        {
            if (values.Count == 0)
            {
                return TimeSpan.Zero;
            }

            var sorted = values.Order().ToList();
            var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
            return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
        }
    }

    public static string Ms(TimeSpan value) => value.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture);
}
