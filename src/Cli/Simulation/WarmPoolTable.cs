using Microsoft.Extensions.Configuration;

namespace Scaler.Cli.Simulation;

/// <summary>One row of the warm-pool table: the run with that warm minimum.</summary>
internal sealed record WarmPoolRow(int MinIdle, SimulationResult Result);

/// <summary>
/// The trace again with a pool (or every pool) keeping 0, 1, ... N warm runners all the time, its warm schedules
/// replaced, so that an operator can weigh waits against cost. Other pools keep their settings.
/// </summary>
internal static class WarmPoolTable
{
    public static async Task<IReadOnlyList<WarmPoolRow>> RunAsync(IConfiguration settings, IReadOnlyList<TraceJob> trace, int upTo, string? pool, CancellationToken cancellationToken)
    {
        var rows = new List<WarmPoolRow>();
        for (var minIdle = 0; minIdle <= upTo; minIdle++)
        {
            var warm = minIdle;
            var result = await Simulation.RunAsync(settings, trace, scaler =>
            {
                foreach (var varied in scaler.Pools.Where(p => pool is null || string.Equals(p.Name, pool, StringComparison.OrdinalIgnoreCase)))
                {
                    varied.MinIdle = warm;
                    varied.WarmSchedules = [];
                }
            }, cancellationToken);
            rows.Add(new WarmPoolRow(minIdle, result));
        }

        return rows;
    }
}
