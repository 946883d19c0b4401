using System.Text.Json.Nodes;

namespace Scaler.Infrastructure.Tests;

/// <summary>
/// The app's identity may create and delete VMs, disks and NICs only in the runners' resource group, which is a group of
/// their own unless the deployer puts them in the app's group, and then the deployment says that this is less isolated.
/// </summary>
public sealed class RunnerGroupTests
{
    private static readonly string AppGroup = RoleAssignments.GroupId(Deployment.ResourceGroup);

    [Fact]
    public async Task RunnerRoles_AreDefinedAndAssignedInADedicatedRunnersGroup_ByDefault()
    {
        var deployment = await Deployment.Example;
        var runners = RoleAssignments.GroupId(Deployment.RunnersResourceGroup);

        AssertRunnerRolesIn(deployment, runners);
        Assert.NotEqual(AppGroup, runners, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RunnerRoles_FollowTheRunnersGroupGiven()
    {
        var deployment = await Deployment.WithParametersAsync("ci-runners", Parameters("param runnerResourceGroupName = 'ci-runners'"));

        AssertRunnerRolesIn(deployment, RoleAssignments.GroupId("ci-runners"));
    }

    [Fact]
    public async Task NoRoleIsAssignedOnTheAppsGroup_OnlyOnItsResources()
    {
        var deployment = await Deployment.Example;

        Assert.All(deployment.OfType("Microsoft.Authorization/roleAssignments"), assignment =>
            Assert.NotEqual(AppGroup, RoleAssignments.Scope(assignment), StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task RunnerGroupWarning_IsEmpty_ForADedicatedGroup()
    {
        var deployment = await Deployment.Example;

        Assert.Equal("", (string?)deployment.Outputs["runnerGroupWarning"]);
    }

    [Fact]
    public async Task RunnerGroupWarning_SaysTheRunnersShareTheAppsGroup_WhenTheyDo()
    {
        var deployment = await Deployment.WithParametersAsync("same-group", Parameters($"param runnerResourceGroupName = '{Deployment.ResourceGroup.ToUpperInvariant()}'"));

        AssertRunnerRolesIn(deployment, RoleAssignments.GroupId(Deployment.ResourceGroup.ToUpperInvariant()));
        var warning = (string?)deployment.Outputs["runnerGroupWarning"];
        Assert.Contains("less isolated", warning, StringComparison.Ordinal);
        Assert.Contains(Deployment.ResourceGroup, warning, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Both custom roles are defined and assignable only in <paramref name="group"/>, and assigned there: the VM role on the group, the subnet join on the runner subnet in it.</summary>
    private static void AssertRunnerRolesIn(Deployment deployment, string group)
    {
        var roles = deployment.OfType("Microsoft.Authorization/roleDefinitions").ToList();
        Assert.Equal(2, roles.Count);
        Assert.All(roles, role =>
        {
            Assert.StartsWith(group + "/providers/Microsoft.Authorization/roleDefinitions/", (string)role["id"]!, StringComparison.OrdinalIgnoreCase);
            Assert.Equal([group], role["properties"]!["assignableScopes"]!.AsArray().Select(s => (string?)s), StringComparer.OrdinalIgnoreCase);
        });

        var vmRole = RbacActions.RunnerRole(deployment);
        var subnetJoin = Assert.Single(roles, r => !ReferenceEquals(r, vmRole));
        Assert.Equal(group, RoleAssignments.Scope(AssignmentOf(deployment, vmRole)), StringComparer.OrdinalIgnoreCase);
        Assert.Equal($"{group}/providers/Microsoft.Network/virtualNetworks/scaler-vnet/subnets/runners", RoleAssignments.Scope(AssignmentOf(deployment, subnetJoin)), StringComparer.OrdinalIgnoreCase);
    }

    private static JsonObject AssignmentOf(Deployment deployment, JsonObject role) =>
        Assert.Single(RoleAssignments.Granting(deployment, (string)role["id"]!));

    private static string Parameters(string runnerGroup) => $$"""
        using 'main.bicep'

        {{runnerGroup}}
        param webhookSecret = readEnvironmentVariable('SCALER_WEBHOOK_SECRET')
        param githubToken = readEnvironmentVariable('SCALER_GITHUB_TOKEN')
        param pools = [
          { name: 'linux', labels: ['linux'], scope: 'org', owner: 'contoso', vmSizes: ['Standard_D2ads_v5'] }
        ]
        """;
}
