namespace Scaler.Infrastructure.Tests;

/// <summary>
/// The app's identity reads and writes its storage account's data with contributor roles: Storage Blob Data Owner, which
/// adds ACLs, ownership, tags and immutability overrides, is granted nowhere, with the runner mirror or without.
/// </summary>
public sealed class StorageRoleTests
{
    public static readonly TheoryData<string> Deployments = new("example", "pat");

    [Theory]
    [MemberData(nameof(Deployments))]
    public async Task NoRoleAssignment_GrantsStorageBlobDataOwner(string name)
    {
        var deployment = await DeploymentNamed(name);

        Assert.Empty(RoleAssignments.Granting(deployment, RoleAssignments.StorageBlobDataOwner));
        Assert.DoesNotContain(RoleAssignments.StorageBlobDataOwner, deployment.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public async Task BlobAccess_IsOneStorageBlobDataContributorAssignment_OnTheStorageAccount(string name)
    {
        var deployment = await DeploymentNamed(name);
        var account = (string)deployment.Single("Microsoft.Storage/storageAccounts")["id"]!;

        var blobRoles = deployment.OfType("Microsoft.Authorization/roleAssignments")
            .Where(a => RoleAssignments.BlobRoles.Contains(RoleAssignments.Role(a), StringComparer.OrdinalIgnoreCase))
            .ToList();

        var assignment = Assert.Single(blobRoles);
        Assert.Equal(RoleAssignments.StorageBlobDataContributor, RoleAssignments.Role(assignment));
        Assert.Equal(account, RoleAssignments.Scope(assignment));
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public async Task QueueAndTableRoles_AreContributors_OnTheStorageAccount(string name)
    {
        var deployment = await DeploymentNamed(name);
        var account = (string)deployment.Single("Microsoft.Storage/storageAccounts")["id"]!;

        Assert.Equal(account, RoleAssignments.Scope(Assert.Single(RoleAssignments.Granting(deployment, RoleAssignments.StorageQueueDataContributor))));
        Assert.Equal(account, RoleAssignments.Scope(Assert.Single(RoleAssignments.Granting(deployment, RoleAssignments.StorageTableDataContributor))));
    }

    private static Task<Deployment> DeploymentNamed(string name) => name == "pat" ? Deployment.Pat : Deployment.Example;
}
