namespace Scaler.Emulators.GitHub.Runners;

public enum RunnerScopeKind
{
    Repository,
    Organization,
    Enterprise,
}

/// <summary>Where a runner is registered: a repository (<c>owner/name</c>), an organization or an enterprise.</summary>
public sealed record RunnerScope(RunnerScopeKind Kind, string Name)
{
    public static RunnerScope Repository(string fullName) => new(RunnerScopeKind.Repository, fullName);

    public static RunnerScope Organization(string login) => new(RunnerScopeKind.Organization, login);

    public static RunnerScope Enterprise(string slug) => new(RunnerScopeKind.Enterprise, slug);

    public bool Equals(RunnerScope? other) =>
        other is not null && Kind == other.Kind && string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase);

    public override int GetHashCode() => HashCode.Combine(Kind, StringComparer.OrdinalIgnoreCase.GetHashCode(Name));

    public override string ToString() => $"{Kind}:{Name}";
}
