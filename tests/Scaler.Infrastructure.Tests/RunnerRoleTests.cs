using Scaler.Emulators.Arm.Faults;
using Scaler.Emulators.Arm.Recording;

namespace Scaler.Infrastructure.Tests;

/// <summary>The runner role grants each ARM operation the app performs, and only in the runners' resource group.</summary>
public sealed class RunnerRoleTests
{
    private static readonly string RunnerGroup = RoleAssignments.GroupId(Deployment.RunnersResourceGroup);
    private static readonly string AppGroup = RoleAssignments.GroupId(Deployment.ResourceGroup);

    public static readonly TheoryData<string> AppOperations = new(RbacActions.PerformedByTheApp.Select(k => k.ToString()));

    [Theory]
    [MemberData(nameof(AppOperations))]
    public async Task RunnerRole_GrantsTheArmOperation(string kind)
    {
        var role = RbacActions.RunnerRole(await Deployment.Example);
        var operation = ServedArmOperation.For(Enum.Parse<ArmOperationKind>(kind), Deployment.SubscriptionId, Deployment.RunnersResourceGroup);
        var action = RbacActions.For(operation);

        Assert.True(RbacActions.NeedNoGrant.ContainsKey(action) || RbacActions.Grants(role, action), $"{operation} needs {action}, which the runner role lacks");
    }

    [Theory]
    [InlineData("Microsoft.Compute/virtualMachines/runCommand/action")]
    [InlineData("Microsoft.Compute/virtualMachineScaleSets/write")]
    [InlineData("Microsoft.Network/virtualNetworks/write")]
    [InlineData("Microsoft.Authorization/roleAssignments/write")]
    public async Task RunnerRole_GrantsNothingTheAppDoesNotDo(string action)
    {
        var role = RbacActions.RunnerRole(await Deployment.Example);

        Assert.False(RbacActions.Grants(role, action));
    }

    [Fact]
    public async Task RunnerRole_GrantsStart_OnlyWhenAPoolKeepsStandbyVms()
    {
        const string start = "Microsoft.Compute/virtualMachines/start/action";

        Assert.True(RbacActions.Grants(RbacActions.RunnerRole(await Deployment.Example), start));
        Assert.False(RbacActions.Grants(RbacActions.RunnerRole(await Deployment.Pat), start));
    }

    [Fact]
    public async Task CustomRoles_AreDefinedInTheRunnersGroup_AndNoAssignmentReachesBeyondScalersGroups()
    {
        var deployment = await Deployment.Example;

        Assert.All(deployment.OfType("Microsoft.Authorization/roleDefinitions"), role =>
        {
            Assert.StartsWith(RunnerGroup + "/", (string)role["id"]!, StringComparison.OrdinalIgnoreCase);
            Assert.Equal([RunnerGroup], role["properties"]!["assignableScopes"]!.AsArray().Select(s => (string?)s));
        });
        Assert.All(deployment.OfType("Microsoft.Authorization/roleAssignments"), assignment =>
        {
            var scope = RoleAssignments.Scope(assignment);
            Assert.True(
                scope.Equals(RunnerGroup, StringComparison.OrdinalIgnoreCase)
                    || scope.StartsWith(RunnerGroup + "/", StringComparison.OrdinalIgnoreCase)
                    || scope.StartsWith(AppGroup + "/", StringComparison.OrdinalIgnoreCase),
                $"{scope} is neither the runners' group nor a resource of the app's or the runners' group");
        });
    }

    [Fact]
    public void RbacAction_IsNamedAfterTheResourceTypeAndTheVerb()
    {
        Assert.Equal("Microsoft.Compute/virtualMachines/write", RbacActions.For("PATCH", "Microsoft.Compute/virtualMachines", null));
        Assert.Equal("Microsoft.Compute/virtualMachines/deallocate/action", RbacActions.For("POST", "Microsoft.Compute/virtualMachines", "deallocate"));
        Assert.Equal("Microsoft.Compute/virtualMachineScaleSets/read", RbacActions.For("GET", "Microsoft.Compute/virtualMachineScaleSets", null));
        Assert.Equal("Microsoft.Compute/virtualMachines/delete", RbacActions.For("DELETE", "Microsoft.Compute/virtualMachines", null));
    }
}
