using System.Collections.Concurrent;

namespace Scaler.Emulators.GitHub.Tenancy;

internal sealed record Organization(string Login, long Id, long? InstallationId, string? EnterpriseSlug);

internal sealed record Repository(string Owner, string Name, long Id, bool Private)
{
    public string FullName => $"{Owner}/{Name}";
}

internal sealed record Enterprise(string Slug, long Id);

/// <summary>Enterprises, organizations, repositories and App installations known to the emulator.</summary>
internal sealed class Tenants
{
    private readonly ConcurrentDictionary<string, Enterprise> enterprises = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Organization> organizations = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Repository> repositories = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<(bool Enterprise, string Owner, long Id), RunnerGroupSeed> runnerGroups = new();

    public void AddEnterprise(EnterpriseSeed seed) => enterprises[seed.Slug] = new Enterprise(seed.Slug, seed.Id);

    public void AddOrganization(OrganizationSeed seed)
    {
        if (seed.EnterpriseSlug is not null && !enterprises.ContainsKey(seed.EnterpriseSlug))
        {
            throw new InvalidOperationException($"Organization '{seed.Login}' names enterprise '{seed.EnterpriseSlug}', which is not seeded: add the enterprise first.");
        }

        organizations[seed.Login] = new Organization(seed.Login, seed.Id, seed.InstallationId, seed.EnterpriseSlug);
    }

    public void AddRepository(RepositorySeed seed)
    {
        var parts = seed.FullName.Split('/');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            throw new ArgumentException($"Repository name '{seed.FullName}' must read 'owner/name'.", nameof(seed));
        }

        if (!organizations.TryGetValue(parts[0], out var organization))
        {
            throw new InvalidOperationException($"Repository '{seed.FullName}' belongs to organization '{parts[0]}', which is not seeded: add the organization first.");
        }

        repositories[seed.FullName] = new Repository(organization.Login, parts[1], seed.Id, seed.Private);
    }

    public void AddRunnerGroup(RunnerGroupSeed seed)
    {
        if (seed.Enterprise ? !enterprises.ContainsKey(seed.Owner) : !organizations.ContainsKey(seed.Owner))
        {
            throw new InvalidOperationException($"Runner group {seed.Id} belongs to '{seed.Owner}', which is not seeded: add the {(seed.Enterprise ? "enterprise" : "organization")} first.");
        }

        foreach (var name in seed.Selected ?? [])
        {
            if (seed.Enterprise ? !organizations.ContainsKey(name) : !repositories.ContainsKey(name))
            {
                throw new InvalidOperationException($"Runner group {seed.Id} of '{seed.Owner}' selects '{name}', which is not seeded.");
            }
        }

        runnerGroups[(seed.Enterprise, seed.Owner.ToUpperInvariant(), seed.Id)] = seed;
    }

    /// <summary>A seeded group, or the default group for id 1; null for an unknown id.</summary>
    public RunnerGroupSeed? FindRunnerGroup(bool enterprise, string owner, long id) =>
        runnerGroups.GetValueOrDefault((enterprise, owner.ToUpperInvariant(), id))
        ?? (id == 1 ? new RunnerGroupSeed(owner, 1, "Default", Enterprise: enterprise) : null);

    public Enterprise? FindEnterprise(string slug) => enterprises.GetValueOrDefault(slug);

    public Organization? FindOrganization(string login) => organizations.GetValueOrDefault(login);

    public Repository? FindRepository(string owner, string name) => repositories.GetValueOrDefault($"{owner}/{name}");

    public Repository? FindRepository(string fullName) => repositories.GetValueOrDefault(fullName);

    public bool InstallationExists(long installationId) =>
        organizations.Values.Any(o => o.InstallationId == installationId);

    public Organization? FindOrganizationByInstallation(long installationId) =>
        organizations.Values.FirstOrDefault(o => o.InstallationId == installationId);
}
