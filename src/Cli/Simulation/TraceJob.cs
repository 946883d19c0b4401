namespace Scaler.Cli.Simulation;

/// <summary>One job of a trace: when it is queued (after the trace's start), its runs-on labels, its repository, how long it runs.</summary>
internal sealed record TraceJob(TimeSpan Arrival, IReadOnlyList<string> Labels, string Repository, TimeSpan Duration);
