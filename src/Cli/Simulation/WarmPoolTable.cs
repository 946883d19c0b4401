using Microsoft.Extensions.Configuration;
using Scaler.Core.Pools;

namespace Scaler.Cli.Simulation;

/// <summary>One row of a sizing table: the run with that warm minimum or standby size.</summary>
internal sealed record PoolSizeRow(int Size, SimulationResult Result);

/// <summary>
/// The trace again with a pool (or every pool) keeping 0, 1, ... N of something all the time, so that an operator can
/// weigh waits against cost: warm runners (<see cref="WarmAsync"/>) or standby VMs (<see cref="StandbyAsync"/>). Other
/// pools, and the pool's other settings, stay as the settings have them.
/// </summary>
internal static class WarmPoolTable
{
    /// <summary><c>MinIdle</c> 0 to <paramref name="upTo"/>, the pool's warm schedules replaced.</summary>
    public static Task<IReadOnlyList<PoolSizeRow>> WarmAsync(IConfiguration settings, IReadOnlyList<TraceJob> trace, int upTo, string? pool, CancellationToken cancellationToken) =>
        RunAsync(settings, trace, upTo, pool, (varied, size) =>
        {
            varied.MinIdle = size;
            varied.WarmSchedules = [];
        }, cancellationToken);

    /// <summary><c>Standby.Size</c> 0 to <paramref name="upTo"/>, the pool's standby schedules replaced.</summary>
    public static Task<IReadOnlyList<PoolSizeRow>> StandbyAsync(IConfiguration settings, IReadOnlyList<TraceJob> trace, int upTo, string? pool, CancellationToken cancellationToken) =>
        RunAsync(settings, trace, upTo, pool, (varied, size) =>
        {
            varied.Standby.Size = size;
            varied.Standby.Schedules = [];
        }, cancellationToken);

    private static async Task<IReadOnlyList<PoolSizeRow>> RunAsync(IConfiguration settings, IReadOnlyList<TraceJob> trace, int upTo, string? pool, Action<PoolOptions, int> vary, CancellationToken cancellationToken)
    {
        var rows = new List<PoolSizeRow>();
        for (var size = 0; size <= upTo; size++)
        {
            var each = size;
            var result = await Simulation.RunAsync(settings, trace, scaler =>
            {
                foreach (var varied in scaler.Pools.Where(p => pool is null || string.Equals(p.Name, pool, StringComparison.OrdinalIgnoreCase)))
                {
                    vary(varied, each);
                }
            }, cancellationToken);
            rows.Add(new PoolSizeRow(size, result));
        }

        return rows;
    }
}
