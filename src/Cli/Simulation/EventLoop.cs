namespace Scaler.Cli.Simulation;

/// <summary>
/// Discrete events in virtual time: each runs at its moment, in the order scheduled among those of the same moment.
/// Work started by an event may await a task that a later event completes (a VM create operation); its continuation
/// is posted to the loop's <see cref="SynchronizationContext"/> and runs, on the loop's thread, right after the event
/// that completed it. Nothing waits for real time, so a day runs in seconds.
/// </summary>
internal sealed class EventLoop(VirtualClock clock)
{
    private readonly PriorityQueue<Action, (DateTimeOffset At, long Order)> events = new();
    private readonly LoopContext context = new();
    private long order;

    public VirtualClock Clock { get; } = clock;

    public DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>Called after every event, to record the state it left.</summary>
    public Action? AfterEach { get; set; }

    public void At(DateTimeOffset at, Action work) => events.Enqueue(work, (at < Now ? Now : at, order++));

    public void After(TimeSpan delay, Action work) => At(Now + delay, work);

    /// <summary>Runs <paramref name="next"/> when <paramref name="task"/> ends: now if it has, else on the loop after the event that ends it.</summary>
    public static void OnCompleted(Task task, Action next)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.IsCompleted)
        {
            next();
        }
        else
        {
            task.ConfigureAwait(true).GetAwaiter().OnCompleted(next);
        }
    }

    /// <summary>Runs events until none is left before <paramref name="until"/> or <paramref name="done"/> says so.</summary>
    public void Run(DateTimeOffset until, Func<bool> done)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        try
        {
            context.Drain();
            while (!done() && events.TryPeek(out _, out var next) && next.At <= until)
            {
                var work = events.Dequeue();
                Clock.MoveTo(next.At);
                work();
                context.Drain();
                AfterEach?.Invoke();
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    /// <summary>Keeps continuations on the loop's thread, in the order they were posted.</summary>
    private sealed class LoopContext : SynchronizationContext
    {
        private readonly Queue<(SendOrPostCallback Callback, object? State)> posted = new();

        public override void Post(SendOrPostCallback d, object? state) => posted.Enqueue((d, state));

        public override void Send(SendOrPostCallback d, object? state) => d(state);

        public void Drain()
        {
            while (posted.TryDequeue(out var item))
            {
                item.Callback(item.State);
            }
        }
    }
}
