namespace Scaler.Infrastructure.Tests;

/// <summary>Runners sit in a private subnet: no public IPs of their own, one Flexible scale set per pool.</summary>
public sealed class NetworkTests
{
    [Fact]
    public async Task Deployments_GiveNoVmAPublicIp_TheOnlyPublicIpIsTheNatGateways()
    {
        foreach (var deployment in new[] { await Deployment.Example, await Deployment.Pat })
        {
            var natGatewayIps = deployment.OfType("Microsoft.Network/natGateways")
                .SelectMany(n => n["properties"]!["publicIpAddresses"]!.AsArray().Select(p => (string?)p!["id"]));

            Assert.Equal(natGatewayIps, deployment.OfType("Microsoft.Network/publicIPAddresses").Select(p => (string?)p["id"]));
            Assert.Empty(deployment.OfType("Microsoft.Network/publicIPPrefixes"));
            Assert.DoesNotContain("publicIPAddressConfiguration", deployment.Text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task RunnerSubnet_HasTheRunnerNsg()
    {
        var deployment = await Deployment.Example;
        var nsg = deployment.Single("Microsoft.Network/networkSecurityGroups");
        var subnet = Assert.Single(deployment.Single("Microsoft.Network/virtualNetworks")["properties"]!["subnets"]!.AsArray())!;

        Assert.Equal((string?)nsg["id"], (string?)subnet["properties"]!["networkSecurityGroup"]!["id"]);
    }

    [Fact]
    public async Task ScaleSets_AreFlexibleOnePerPool_WithoutAVmProfile()
    {
        var deployment = await Deployment.Example;
        var scaleSets = deployment.OfType("Microsoft.Compute/virtualMachineScaleSets").ToList();
        var settings = deployment.AppSettings;

        Assert.Equal(["scaler-linux-x64", "scaler-gpu"], scaleSets.Select(s => (string?)s["name"]));
        foreach (var (scaleSet, index) in scaleSets.Select((s, i) => (s, i)))
        {
            var properties = scaleSet["properties"]!;
            Assert.Equal("Flexible", (string?)properties["orchestrationMode"]);
            Assert.False((bool)properties["singlePlacementGroup"]!);
            Assert.Equal(1, (int)properties["platformFaultDomainCount"]!);
            Assert.Null(properties["virtualMachineProfile"]);
            Assert.Equal((string?)scaleSet["id"], settings[$"Scaler__Pools__{index}__ScaleSetId"]);
            Assert.EndsWith("/subnets/runners", settings[$"Scaler__Pools__{index}__SubnetId"], StringComparison.Ordinal);
        }
    }
}
