using System.Text.Json.Nodes;

namespace Scaler.Infrastructure.Tests;

/// <summary>The app's identity gets the least privilege that works, and nothing like Owner or Contributor.</summary>
public sealed class RoleTests
{
    private const string Owner = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
    private const string Contributor = "b24988ac-6180-42dd-b4ec-c3cc97dba5be";

    private static readonly string[] BuiltInRoles =
    [
        RoleAssignments.StorageBlobDataContributor,
        RoleAssignments.StorageQueueDataContributor,
        RoleAssignments.StorageTableDataContributor,
        RoleAssignments.MonitoringMetricsPublisher,
        RoleAssignments.KeyVaultSecretsUser,
    ];

    private static readonly string[] VmActions =
    [
        "Microsoft.Compute/virtualMachines/read",
        "Microsoft.Compute/virtualMachines/instanceView/read",
        "Microsoft.Compute/virtualMachines/write",
        "Microsoft.Compute/virtualMachines/delete",
        "Microsoft.Compute/virtualMachines/deallocate/action",
        "Microsoft.Compute/virtualMachineScaleSets/read",
        "Microsoft.Compute/disks/read",
        "Microsoft.Compute/disks/write",
        "Microsoft.Compute/disks/delete",
        "Microsoft.Network/networkInterfaces/read",
        "Microsoft.Network/networkInterfaces/write",
        "Microsoft.Network/networkInterfaces/delete",
        "Microsoft.Network/networkInterfaces/join/action",
    ];

    private static readonly string[] ImageActions =
    [
        "Microsoft.Compute/images/read",
        "Microsoft.Compute/galleries/read",
        "Microsoft.Compute/galleries/images/read",
        "Microsoft.Compute/galleries/images/versions/read",
    ];

    [Fact]
    public async Task RoleAssignments_GrantTheDataRolesAndTheCustomRolesOnly()
    {
        var deployment = await Deployment.Example;
        var customRoles = deployment.OfType("Microsoft.Authorization/roleDefinitions").Select(r => (string)r["id"]!).ToList();
        var assigned = deployment.OfType("Microsoft.Authorization/roleAssignments")
            .Select(a => (string)a["properties"]!["roleDefinitionId"]!).ToList();

        var builtIn = assigned.Except(customRoles).Select(id => id.Split('/')[^1]).Order(StringComparer.Ordinal);
        Assert.Equal(BuiltInRoles.Order(StringComparer.Ordinal), builtIn);
        Assert.Equal(customRoles.Order(StringComparer.Ordinal), assigned.Intersect(customRoles).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(Owner, deployment.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Contributor, deployment.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RoleAssignments_AreNamedWithGuidAndGoToTheAppsIdentity()
    {
        var deployment = await Deployment.Example;
        var identityId = (string)deployment.Single("Microsoft.ManagedIdentity/userAssignedIdentities")["id"]!;

        Assert.All(deployment.OfType("Microsoft.Authorization/roleAssignments"), assignment =>
        {
            Assert.Contains("guid(", (string)assignment["id"]!, StringComparison.Ordinal);
            Assert.Equal($"[reference('{identityId}', '2023-01-31').principalId]", (string?)assignment["properties"]!["principalId"]);
            Assert.Equal("ServicePrincipal", (string?)assignment["properties"]!["principalType"]);
        });
    }

    [Fact]
    public async Task RunnerRole_AllowsExactlyVmNicAndDiskActions_InTheRunnersResourceGroup()
    {
        var deployment = await Deployment.Example;
        var role = RunnerRole(deployment);

        // The example keeps standby VMs (the gpu pool), which the app starts.
        Assert.Equal([.. VmActions, "Microsoft.Compute/virtualMachines/start/action"], Actions(role));
        Assert.Empty(role["properties"]!["permissions"]![0]!["notActions"]!.AsArray());
        Assert.Equal([RoleAssignments.GroupId(Deployment.RunnersResourceGroup)],
            role["properties"]!["assignableScopes"]!.AsArray().Select(s => (string?)s));
    }

    [Fact]
    public async Task RunnerRole_AddsImageReads_OnlyWhenAPoolBootsFromAnImageId()
    {
        var role = RunnerRole(await Deployment.Pat);

        Assert.Equal([.. VmActions, .. ImageActions], Actions(role));
    }

    [Fact]
    public async Task SubnetJoin_IsGrantedOnTheRunnerSubnetOnly()
    {
        var deployment = await Deployment.Example;
        var role = Assert.Single(deployment.OfType("Microsoft.Authorization/roleDefinitions"), r => !ReferenceEquals(r, RunnerRole(deployment)));
        var subnetId = $"{RoleAssignments.GroupId(Deployment.RunnersResourceGroup)}/providers/Microsoft.Network/virtualNetworks/scaler-vnet/subnets/runners";
        var assignment = Assert.Single(deployment.OfType("Microsoft.Authorization/roleAssignments"),
            a => (string?)a["properties"]!["roleDefinitionId"] == (string?)role["id"]);

        Assert.Equal(["Microsoft.Network/virtualNetworks/subnets/join/action"], Actions(role));
        Assert.StartsWith($"[extensionResourceId('{subnetId}', 'Microsoft.Authorization/roleAssignments'", (string)assignment["id"]!, StringComparison.Ordinal);
    }

    private static JsonObject RunnerRole(Deployment deployment) =>
        Assert.Single(deployment.OfType("Microsoft.Authorization/roleDefinitions"), r => Actions(r).Contains("Microsoft.Compute/virtualMachines/write"));

    private static string[] Actions(JsonObject role) =>
        Assert.Single(role["properties"]!["permissions"]!.AsArray())!["actions"]!.AsArray().Select(a => (string)a!).ToArray();
}
