using System.Collections.Concurrent;
using Scaler.Emulators.Arm.Faults;

namespace Scaler.Emulators.Arm.Recording;

/// <summary>Every kind of ARM operation the emulator has served, and waits for kinds not served yet.</summary>
public sealed class ArmOperationLog
{
    private readonly ConcurrentDictionary<ServedArmOperation, int> served = new();
    private readonly Lock gate = new();
    private readonly List<(HashSet<ArmOperationKind> Missing, TaskCompletionSource Done)> waiters = [];

    /// <summary>The distinct operations served so far, in no particular order.</summary>
    public IReadOnlyCollection<ServedArmOperation> Served => [.. served.Keys];

    /// <summary>How many requests of <paramref name="operation"/> were served.</summary>
    public int Count(ServedArmOperation operation) => served.GetValueOrDefault(operation);

    /// <summary>Which of <paramref name="kinds"/> have not been served yet.</summary>
    public IReadOnlySet<ArmOperationKind> Missing(IEnumerable<ArmOperationKind> kinds)
    {
        var servedKinds = served.Keys.Select(o => o.Kind).ToHashSet();
        return kinds.Where(k => !servedKinds.Contains(k)).ToHashSet();
    }

    /// <summary>Completes once each of <paramref name="kinds"/> has been served at least once.</summary>
    public Task WhenServedAsync(IEnumerable<ArmOperationKind> kinds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        lock (gate)
        {
            var missing = new HashSet<ArmOperationKind>(Missing(kinds));
            if (missing.Count == 0)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((missing, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    internal void Record(ServedArmOperation operation)
    {
        served.AddOrUpdate(operation, 1, (_, n) => n + 1);
        lock (gate)
        {
            foreach (var (missing, done) in waiters)
            {
                if (missing.Remove(operation.Kind) && missing.Count == 0)
                {
                    done.TrySetResult();
                }
            }

            waiters.RemoveAll(w => w.Missing.Count == 0);
        }
    }
}
