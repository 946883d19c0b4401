using Scaler.Cli.Sandbox;

namespace Scaler.Bench;

/// <summary>Waits on the GitHub emulator's jobs, as a benchmark measures until they end.</summary>
internal static class JobWaits
{
    /// <summary>Polls every 50 ms until every job in <paramref name="ids"/> is completed; gives up after 10 minutes.</summary>
    public static async Task UntilCompletedAsync(Sandbox sandbox, IReadOnlySet<long> ids, CancellationToken cancellationToken)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var mine = sandbox.GitHub.GetJobs().Where(j => ids.Contains(j.Id)).ToList();
            if (mine.All(j => j.Status == "completed"))
            {
                return;
            }

            if (watch.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException($"{mine.Count(j => j.Status != "completed")} of {ids.Count} jobs had not finished after 10 minutes");
            }

            await Task.Delay(50, cancellationToken);
        }
    }
}
