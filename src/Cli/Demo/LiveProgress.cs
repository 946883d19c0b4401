using Spectre.Console;

namespace Scaler.Cli.Demo;

/// <summary>Progress on a terminal: a bar for all jobs and one per pool, whose description shows booting, idle and busy runners.</summary>
public sealed class LiveProgress : IDemoProgress
{
    private readonly IAnsiConsole console;
    private readonly ProgressTask all;
    private readonly Dictionary<string, ProgressTask> pools = new(StringComparer.Ordinal);
    private readonly ProgressContext context;

    public LiveProgress(IAnsiConsole console, ProgressContext context, IEnumerable<string> poolNames, int jobs)
    {
        ArgumentNullException.ThrowIfNull(context);
        this.console = console;
        this.context = context;
        all = context.AddTask("[bold]all jobs[/]", maxValue: jobs);
        foreach (var pool in poolNames)
        {
            pools[pool] = context.AddTask(Markup.Escape(pool), maxValue: 1);
        }
    }

    public void Update(DemoSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        all.Value = snapshot.JobsDone;
        foreach (var pool in snapshot.Pools)
        {
            if (pools.TryGetValue(pool.Pool, out var task))
            {
                task.MaxValue = Math.Max(1, pool.JobsTotal);
                task.Value = pool.JobsDone;
                task.Description = Markup.Escape($"{pool.Pool,-10} booting {pool.Booting,2}  idle {pool.Idle,2}  busy {pool.Busy,2}  done {pool.JobsDone,2}/{pool.JobsTotal}");
            }
        }

        context.Refresh();
    }

    public void Report(string message) => console.MarkupLine($"[grey]{Markup.Escape(message)}[/]");
}
