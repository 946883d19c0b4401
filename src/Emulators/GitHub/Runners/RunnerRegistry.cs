using Scaler.Emulators.GitHub.Recording;

namespace Scaler.Emulators.GitHub.Runners;

internal enum CreateRunnerOutcome
{
    Created,
    NameExists,
    GroupFull,
}

internal enum DeleteRunnerOutcome
{
    Deleted,
    NotFound,
    Busy,
}

/// <summary>All registered runners. Every member must be called while holding <see cref="Gate"/>, which the job scheduler shares.</summary>
internal sealed class RunnerRegistry(int groupCapacity, GitHubHistory history)
{
    private readonly Dictionary<long, Runner> runners = [];
    private long nextRunnerId = 1;
    private long nextLabelId = 1;

    public Lock Gate { get; } = new();

    public IEnumerable<Runner> All => runners.Values;

    public (CreateRunnerOutcome Outcome, Runner? Runner) Create(RunnerScope scope, string name, long groupId, IEnumerable<string> labels, bool ephemeral)
    {
        if (runners.Values.Any(r => r.Scope.Equals(scope) && string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            return (CreateRunnerOutcome.NameExists, null);
        }

        if (runners.Values.Count(r => r.Scope.Equals(scope) && r.GroupId == groupId) >= groupCapacity)
        {
            return (CreateRunnerOutcome.GroupFull, null);
        }

        var runnerLabels = new List<RunnerLabel>();
        if (!labels.Contains("self-hosted", StringComparer.OrdinalIgnoreCase))
        {
            runnerLabels.Add(new RunnerLabel(nextLabelId++, "self-hosted", "read-only"));
        }

        runnerLabels.AddRange(labels.Distinct(StringComparer.OrdinalIgnoreCase).Select(l => new RunnerLabel(nextLabelId++, l, "custom")));
        var runner = new Runner(nextRunnerId++, name, scope, groupId, runnerLabels, ephemeral);
        runners.Add(runner.Id, runner);
        history.Record(GitHubEventKind.RunnerRegistered, runner.Id, runner.Name, null);
        return (CreateRunnerOutcome.Created, runner);
    }

    public IReadOnlyList<Runner> List(RunnerScope scope) =>
        runners.Values.Where(r => r.Scope.Equals(scope)).OrderBy(r => r.Id).ToList();

    public Runner? Find(long id) => runners.GetValueOrDefault(id);

    public Runner? Find(RunnerScope scope, long id) =>
        runners.TryGetValue(id, out var runner) && runner.Scope.Equals(scope) ? runner : null;

    public Runner? FindByName(string name) =>
        runners.Values
            .Where(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(r => r.Online)
            .FirstOrDefault();

    public DeleteRunnerOutcome Delete(RunnerScope scope, long id)
    {
        var runner = Find(scope, id);
        if (runner is null)
        {
            return DeleteRunnerOutcome.NotFound;
        }

        if (runner.Busy)
        {
            return DeleteRunnerOutcome.Busy;
        }

        Remove(runner);
        return DeleteRunnerOutcome.Deleted;
    }

    public void Remove(Runner runner)
    {
        if (runners.Remove(runner.Id))
        {
            history.Record(GitHubEventKind.RunnerRemoved, runner.Id, runner.Name, runner.CurrentJobId);
        }
    }
}
