using System.Diagnostics;

namespace Scaler.Bench;

/// <summary>Runs an operation after a warm-up, several rounds, and keeps the best round's time per operation.</summary>
internal static class Measure
{
    public static async Task<double> MicrosecondsPerOpAsync(int operations, Func<int, Task> operation, int rounds = 5)
    {
        for (var i = 0; i < Math.Min(operations, 200); i++)
        {
            await operation(i);
        }

        var best = double.MaxValue;
        for (var round = 0; round < rounds; round++)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < operations; i++)
            {
                await operation(round * operations + i);
            }

            best = Math.Min(best, watch.Elapsed.TotalMicroseconds / operations);
        }

        return best;
    }
}
