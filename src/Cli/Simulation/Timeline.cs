namespace Scaler.Cli.Simulation;

/// <summary>The state after an event: jobs queued at GitHub and VMs by phase; standby VMs are not runners yet.</summary>
internal readonly record struct TimelinePoint(DateTimeOffset At, int Queued, int Booting, int Idle, int Busy, int Standby)
{
    public int Runners => Booting + Idle + Busy;
}

/// <summary>The run's states, one point each time they changed.</summary>
internal sealed class Timeline
{
    private readonly List<TimelinePoint> points = [];

    public IReadOnlyList<TimelinePoint> Points => points;

    public void Record(DateTimeOffset at, int queued, IEnumerable<SimulatedVm> vms)
    {
        var (booting, idle, busy, standby) = (0, 0, 0, 0);
        foreach (var vm in vms)
        {
            switch (vm.Phase)
            {
                case RunnerPhase.Booting: booting++; break;
                case RunnerPhase.Idle: idle++; break;
                case RunnerPhase.Busy: busy++; break;
                case RunnerPhase.Standby: standby++; break;
            }
        }

        var point = new TimelinePoint(at, queued, booting, idle, busy, standby);
        if (points.Count > 0 && points[^1] with { At = at } == point)
        {
            return;
        }

        if (points.Count > 0 && points[^1].At == at)
        {
            points[^1] = point;
            return;
        }

        points.Add(point);
    }

    /// <summary>The state in force at <paramref name="at"/>.</summary>
    public TimelinePoint At(DateTimeOffset at)
    {
        var index = BinarySearch(at);
        return index < 0 ? new TimelinePoint(at, 0, 0, 0, 0, 0) : points[index];
    }

    /// <summary>The largest of <paramref name="value"/> over [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public int Max(DateTimeOffset from, DateTimeOffset to, Func<TimelinePoint, int> value)
    {
        var max = value(At(from));
        for (var i = Math.Max(BinarySearch(from), 0); i < points.Count && points[i].At < to; i++)
        {
            max = Math.Max(max, value(points[i]));
        }

        return max;
    }

    /// <summary>Index of the last point at or before <paramref name="at"/>; -1 before the first.</summary>
    private int BinarySearch(DateTimeOffset at)
    {
        var (low, high) = (0, points.Count - 1);
        var found = -1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (points[middle].At <= at)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return found;
    }
}
