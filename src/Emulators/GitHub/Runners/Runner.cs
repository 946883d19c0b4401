namespace Scaler.Emulators.GitHub.Runners;

internal sealed record RunnerLabel(long Id, string Name, string Type);

/// <summary>A registered runner. Mutable; guarded by <see cref="RunnerRegistry.Gate"/>.</summary>
internal sealed class Runner(long id, string name, RunnerScope scope, long groupId, IReadOnlyList<RunnerLabel> labels, bool ephemeral)
{
    public long Id { get; } = id;

    public string Name { get; } = name;

    public RunnerScope Scope { get; } = scope;

    public long GroupId { get; } = groupId;

    public string GroupName => GroupId == 1 ? "Default" : $"group-{GroupId}";

    public IReadOnlyList<RunnerLabel> Labels { get; } = labels;

    public bool Ephemeral { get; } = ephemeral;

    public string Os { get; set; } = "Linux";

    public bool Online { get; set; }

    public long? CurrentJobId { get; set; }

    public bool Busy => CurrentJobId is not null;

    public string? Version { get; set; }

    public string? JitClientId { get; set; }

    public bool JitConfigUsed { get; set; }

    public RunnerInfo ToInfo() => new(Id, Name, Scope, GroupId, Labels.Select(l => l.Name).ToList(), Online ? "online" : "offline", Busy, Ephemeral, Version, CurrentJobId);
}

/// <summary>A snapshot of a runner as the emulator holds it.</summary>
public sealed record RunnerInfo(long Id, string Name, RunnerScope Scope, long RunnerGroupId, IReadOnlyList<string> Labels, string Status, bool Busy, bool Ephemeral, string? Version, long? CurrentJobId);
