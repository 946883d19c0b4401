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

    public Enterprise? FindEnterprise(string slug) => enterprises.GetValueOrDefault(slug);

    public Organization? FindOrganization(string login) => organizations.GetValueOrDefault(login);

    public Repository? FindRepository(string owner, string name) => repositories.GetValueOrDefault($"{owner}/{name}");

    public Repository? FindRepository(string fullName) => repositories.GetValueOrDefault(fullName);

    public bool InstallationExists(long installationId) =>
        organizations.Values.Any(o => o.InstallationId == installationId);

    public Organization? FindOrganizationByInstallation(long installationId) =>
        organizations.Values.FirstOrDefault(o => o.InstallationId == installationId);
}
