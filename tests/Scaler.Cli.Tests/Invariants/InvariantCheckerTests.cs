using Scaler.Emulators.Arm.Recording;
using Scaler.Emulators.GitHub.Recording;

namespace Scaler.Cli.Tests.Invariants;

/// <summary>The checker on hand-made histories: each invariant is reported when a history breaks it, and only then.</summary>
public sealed class InvariantCheckerTests
{
    private const string ScaleSet = "/subscriptions/s/resourceGroups/runners/providers/Microsoft.Compute/virtualMachineScaleSets/linux";
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, int> MaxTwo = new() { ["linux"] = 2 };

    [Fact]
    public void NeverAboveMaxRunners_ThirdVmCreatedBeforeADeletion_ReportsTheOvershoot()
    {
        var history = new HistoryBuilder().Vm(VmEventKind.Created, "linux-1").Vm(VmEventKind.Created, "linux-2").Vm(VmEventKind.Created, "linux-3").Vm(VmEventKind.Deleted, "linux-1").Build();

        var violations = InvariantChecker.NeverAboveMaxRunners(history, MaxTwo);

        Assert.Single(violations, v => v.StartsWith("(a) pool linux had 3 VMs", StringComparison.Ordinal));
    }

    [Fact]
    public void NeverAboveMaxRunners_ThirdVmCreatedAfterADeletion_Holds()
    {
        var history = new HistoryBuilder().Vm(VmEventKind.Created, "linux-1").Vm(VmEventKind.Created, "linux-2").Vm(VmEventKind.Deleted, "linux-1").Vm(VmEventKind.Created, "linux-3").Build();

        Assert.Empty(InvariantChecker.NeverAboveMaxRunners(history, MaxTwo));
        Assert.Equal(2, Assert.Single(InvariantChecker.MostVms(history)).Most);
    }

    [Fact]
    public void NoBusyRunnerRemoved_VmDeletedWhileItsRunnerIsBusy_ReportsIt()
    {
        var history = new HistoryBuilder()
            .Vm(VmEventKind.Created, "linux-1").GitHub(GitHubEventKind.RunnerRegistered, 1, "linux-1").GitHub(GitHubEventKind.RunnerBusy, 1, "linux-1", 7)
            .Vm(VmEventKind.Deleted, "linux-1").GitHub(GitHubEventKind.RunnerIdle, 1, "linux-1", 7).Build();

        Assert.Single(InvariantChecker.NoBusyRunnerRemoved(history), v => v.StartsWith("(b) VM linux-1 was deleted", StringComparison.Ordinal));
    }

    [Fact]
    public void NoBusyRunnerRemoved_RunnerRemovedWhileBusy_ReportsIt()
    {
        var history = new HistoryBuilder()
            .GitHub(GitHubEventKind.RunnerRegistered, 1, "linux-1").GitHub(GitHubEventKind.RunnerBusy, 1, "linux-1", 7).GitHub(GitHubEventKind.RunnerRemoved, 1, "linux-1").Build();

        Assert.Single(InvariantChecker.NoBusyRunnerRemoved(history), v => v.StartsWith("(b) runner linux-1 (1) was removed", StringComparison.Ordinal));
    }

    [Fact]
    public void NoBusyRunnerRemoved_EvictedWhileBusyOrDeletedAfterIdle_Holds()
    {
        var history = new HistoryBuilder()
            .GitHub(GitHubEventKind.RunnerRegistered, 1, "linux-1").GitHub(GitHubEventKind.RunnerBusy, 1, "linux-1", 7).Vm(VmEventKind.Evicted, "linux-1")
            .GitHub(GitHubEventKind.RunnerRegistered, 2, "linux-2").GitHub(GitHubEventKind.RunnerBusy, 2, "linux-2", 8).GitHub(GitHubEventKind.RunnerIdle, 2, "linux-2", 8)
            .GitHub(GitHubEventKind.RunnerRemoved, 2, "linux-2").Vm(VmEventKind.Deleted, "linux-2").Build();

        Assert.Empty(InvariantChecker.NoBusyRunnerRemoved(history));
    }

    [Fact]
    public void EveryQueuedJobAccountedFor_JobNeverRanAndNoFailureShown_ReportsIt()
    {
        var history = new HistoryBuilder().Job(GitHubEventKind.JobQueued, 7).Job(GitHubEventKind.JobCompleted, 7, conclusion: "failure").Build();

        var violations = InvariantChecker.EveryQueuedJobAccountedFor(history, Context(visibleFailures: []));

        Assert.Single(violations, v => v.StartsWith("(c) job 7 started 0 times", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryQueuedJobAccountedFor_JobRanOnAnotherRunner_ReportsIt()
    {
        var history = new HistoryBuilder().Job(GitHubEventKind.JobQueued, 7).Job(GitHubEventKind.JobStarted, 7, "someone-elses").Job(GitHubEventKind.JobCompleted, 7, "someone-elses", "success").Build();

        Assert.Single(InvariantChecker.EveryQueuedJobAccountedFor(history, Context(visibleFailures: [])));
    }

    [Fact]
    public void EveryQueuedJobAccountedFor_RanOnceOrFailedVisiblyOrCancelled_Holds()
    {
        var history = new HistoryBuilder()
            .Job(GitHubEventKind.JobQueued, 7).Job(GitHubEventKind.JobStarted, 7, "linux-7").Job(GitHubEventKind.JobCompleted, 7, "linux-7", "success")
            .Job(GitHubEventKind.JobQueued, 8).Job(GitHubEventKind.JobCompleted, 8, conclusion: "failure")
            .Job(GitHubEventKind.JobQueued, 9).Job(GitHubEventKind.JobCompleted, 9, conclusion: "cancelled").Build();

        Assert.Empty(InvariantChecker.EveryQueuedJobAccountedFor(history, Context(visibleFailures: [8])));
    }

    [Fact]
    public void RanOnceOnScaler_OnceTwiceElsewhereAndNever_CountsOnlyTheJobThatStartedOnceOnAPoolRunner()
    {
        var history = new HistoryBuilder()
            .Job(GitHubEventKind.JobQueued, 7).Job(GitHubEventKind.JobStarted, 7, "linux-7").Job(GitHubEventKind.JobCompleted, 7, "linux-7", "success")
            .Job(GitHubEventKind.JobQueued, 8).Job(GitHubEventKind.JobStarted, 8, "linux-8").Job(GitHubEventKind.JobStarted, 8, "linux-9")
            .Job(GitHubEventKind.JobQueued, 10).Job(GitHubEventKind.JobStarted, 10, "someone-elses")
            .Job(GitHubEventKind.JobQueued, 11).Job(GitHubEventKind.JobCompleted, 11, conclusion: "failure").Build();

        var ranOnce = InvariantChecker.RanOnceOnScaler(history, MaxTwo.Keys);

        Assert.Equal([7L], ranOnce);
    }

    [Fact]
    public void NothingLeft_VmAndRegistrationAliveAtSettle_ReportsBoth()
    {
        var history = new HistoryBuilder().Vm(VmEventKind.Created, "linux-1").GitHub(GitHubEventKind.RunnerRegistered, 1, "linux-1").Build();

        var violations = InvariantChecker.NothingLeft(history, Start.AddMinutes(5));

        Assert.Equal(2, violations.Count);
        Assert.Contains(violations, v => v.StartsWith("(d) VM linux-1", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("(d) registration linux-1", StringComparison.Ordinal));
    }

    [Fact]
    public void NothingLeft_VmDeletedOnlyAfterSettle_ReportsIt()
    {
        var builder = new HistoryBuilder().Vm(VmEventKind.Created, "linux-1");
        var settledAt = builder.Now;
        var history = builder.Vm(VmEventKind.Deleted, "linux-1").Build();

        Assert.Single(InvariantChecker.NothingLeft(history, settledAt));
    }

    [Fact]
    public void Check_CleanHistory_HasNoViolations()
    {
        var builder = new HistoryBuilder()
            .Job(GitHubEventKind.JobQueued, 7).Vm(VmEventKind.Created, "linux-7").GitHub(GitHubEventKind.RunnerRegistered, 1, "linux-7")
            .GitHub(GitHubEventKind.RunnerBusy, 1, "linux-7", 7).Job(GitHubEventKind.JobStarted, 7, "linux-7").Job(GitHubEventKind.JobCompleted, 7, "linux-7", "success")
            .GitHub(GitHubEventKind.RunnerIdle, 1, "linux-7", 7).GitHub(GitHubEventKind.RunnerRemoved, 1, "linux-7").Vm(VmEventKind.Deleted, "linux-7");

        Assert.Empty(InvariantChecker.Check(builder.Build(), Context(visibleFailures: []) with { SettledAt = builder.Now }));
    }

    private static InvariantContext Context(HashSet<long> visibleFailures) => new(MaxTwo, visibleFailures, Start.AddHours(1));

    /// <summary>Builds a history one event a second, numbered in the order written.</summary>
    private sealed class HistoryBuilder
    {
        private readonly List<VmEvent> vms = [];
        private readonly List<GitHubEvent> github = [];
        private long sequence;

        public DateTimeOffset Now => Start.AddSeconds(sequence);

        public HistoryBuilder Vm(VmEventKind kind, string name)
        {
            sequence++;
            vms.Add(new VmEvent(sequence, Now, kind, name, ScaleSet));
            return this;
        }

        public HistoryBuilder GitHub(GitHubEventKind kind, long runnerId, string runnerName, long? jobId = null)
        {
            sequence++;
            github.Add(new GitHubEvent(sequence, Now, kind, runnerId, runnerName, jobId));
            return this;
        }

        public HistoryBuilder Job(GitHubEventKind kind, long jobId, string? runnerName = null, string? conclusion = null)
        {
            sequence++;
            github.Add(new GitHubEvent(sequence, Now, kind, runnerName is null ? null : 1, runnerName, jobId, conclusion));
            return this;
        }

        public RecordedHistory Build() => new(vms, github);
    }
}
