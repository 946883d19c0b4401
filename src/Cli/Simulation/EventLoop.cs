namespace Scaler.Cli.Simulation;

/// <summary>
/// Discrete events in virtual time: each runs at its moment, in the order scheduled among those of the same moment.
/// An event's work is synchronous or awaits only completed tasks (the simulated ports never wait), so a day runs in
/// seconds.
/// </summary>
internal sealed class EventLoop(VirtualClock clock)
{
    private readonly PriorityQueue<Func<Task>, (DateTimeOffset At, long Order)> events = new();
    private long order;

    public VirtualClock Clock { get; } = clock;

    public DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>Called after every event, to record the state it left.</summary>
    public Action? AfterEach { get; set; }

    public void At(DateTimeOffset at, Func<Task> work) => events.Enqueue(work, (at < Now ? Now : at, order++));

    public void After(TimeSpan delay, Func<Task> work) => At(Now + delay, work);

    public void After(TimeSpan delay, Action work) => At(Now + delay, () =>
    {
        work();
        return Task.CompletedTask;
    });

    /// <summary>Runs events until none is left before <paramref name="until"/> or <paramref name="done"/> says so.</summary>
    public async Task RunAsync(DateTimeOffset until, Func<bool> done)
    {
        while (!done() && events.TryPeek(out _, out var next) && next.At <= until)
        {
            var work = events.Dequeue();
            Clock.MoveTo(next.At);
            await work();
            AfterEach?.Invoke();
        }
    }
}
