using System.Globalization;

namespace Scaler.Cli.Demo;

/// <summary>Progress as plain lines, for logs and pipes: one line when the pools change (at most one a second) and one per event.</summary>
public sealed class PlainProgress(TextWriter output) : IDemoProgress
{
    private static readonly TimeSpan MinimumGap = TimeSpan.FromSeconds(1);
    private readonly Lock gate = new();
    private TimeSpan elapsed;
    private TimeSpan? lastWritten;
    private string last = "";

    public void Update(DemoSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var pools = string.Join(" | ", snapshot.Pools.Select(p => $"{p.Pool}: booting={p.Booting} idle={p.Idle} busy={p.Busy} done={p.JobsDone}/{p.JobsTotal}"));
        var line = $"jobs {snapshot.JobsDone}/{snapshot.JobsTotal} (queued {snapshot.JobsQueued}) | {pools}";
        lock (gate)
        {
            elapsed = snapshot.Elapsed;
            if (line == last || snapshot.Elapsed - lastWritten < MinimumGap)
            {
                return;
            }

            last = line;
            lastWritten = snapshot.Elapsed;
            Write(line);
        }
    }

    public void Report(string message)
    {
        lock (gate)
        {
            Write(message);
        }
    }

    private void Write(string line) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{elapsed.TotalSeconds,5:0.0}s] {line}"));
}
