namespace Scaler.Core.GitHub;

/// <summary>A self-hosted runner as GitHub reports it.</summary>
public sealed record GitHubRunner(long Id, string Name, bool Online, bool Busy, IReadOnlyList<string> Labels, string? Version);

/// <summary>A just-in-time runner registration. The config is a credential: never log it.</summary>
public sealed record JitRunner(long RunnerId, string Name, string EncodedJitConfig)
{
    public override string ToString() => $"JitRunner {{ RunnerId = {RunnerId}, Name = {Name} }}";
}
