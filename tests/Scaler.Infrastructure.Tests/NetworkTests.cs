namespace Scaler.Infrastructure.Tests;

/// <summary>Runners sit in a private subnet: no public IPs, nothing inbound from the internet.</summary>
public sealed class NetworkTests
{
    [Fact]
    public async Task Deployments_CreateNoPublicIp()
    {
        foreach (var deployment in new[] { await Deployment.Example, await Deployment.Pat })
        {
            Assert.Empty(deployment.OfType("Microsoft.Network/publicIPAddresses"));
            Assert.Empty(deployment.OfType("Microsoft.Network/publicIPPrefixes"));
            Assert.DoesNotContain("publicIPAddressConfiguration", deployment.Text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task RunnerSubnet_HasAnNsgThatDeniesInternetInbound()
    {
        var deployment = await Deployment.Example;
        var nsg = deployment.Single("Microsoft.Network/networkSecurityGroups");
        var subnet = Assert.Single(deployment.Single("Microsoft.Network/virtualNetworks")["properties"]!["subnets"]!.AsArray())!;

        Assert.Equal((string?)nsg["id"], (string?)subnet["properties"]!["networkSecurityGroup"]!["id"]);
        var rule = Assert.Single(nsg["properties"]!["securityRules"]!.AsArray())!["properties"]!;
        Assert.Equal("Inbound", (string?)rule["direction"]);
        Assert.Equal("Deny", (string?)rule["access"]);
        Assert.Equal("Internet", (string?)rule["sourceAddressPrefix"]);
        Assert.Equal("*", (string?)rule["destinationPortRange"]);
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
