using System.Text.Json.Nodes;

namespace Scaler.Infrastructure.Tests;

/// <summary>
/// Runners reach GitHub through explicit egress, never Azure's retiring default outbound access: a NAT gateway the
/// template creates, the customer's NAT gateway, or (natGatewayId 'none') the customer's own route.
/// </summary>
public sealed class EgressTests
{
    [Fact]
    public async Task ByDefault_ANatGatewayWithAStandardStaticPublicIp_IsAttachedToTheRunnerSubnet()
    {
        var deployment = await Deployment.Example;
        var natGateway = deployment.Single("Microsoft.Network/natGateways");
        var publicIp = deployment.Single("Microsoft.Network/publicIPAddresses");

        Assert.Equal("Standard", (string?)natGateway["sku"]!["name"]);
        Assert.Equal([(string?)publicIp["id"]], natGateway["properties"]!["publicIpAddresses"]!.AsArray().Select(p => (string?)p!["id"]));
        Assert.Equal("Standard", (string?)publicIp["sku"]!["name"]);
        Assert.Equal("Static", (string?)publicIp["properties"]!["publicIPAllocationMethod"]);
        Assert.Equal((string?)natGateway["id"], (string?)RunnerSubnet(deployment)["natGateway"]!["id"]);
        Assert.False((bool)RunnerSubnet(deployment)["defaultOutboundAccess"]!);
    }

    [Fact]
    public async Task WithAnExistingNatGateway_ItIsAttached_AndNoneIsCreated()
    {
        var deployment = await Deployment.Pat;

        Assert.Empty(deployment.OfType("Microsoft.Network/natGateways"));
        Assert.Empty(deployment.OfType("Microsoft.Network/publicIPAddresses"));
        Assert.Equal(Deployment.ExistingNatGatewayId, (string?)RunnerSubnet(deployment)["natGateway"]!["id"]);
        Assert.False((bool)RunnerSubnet(deployment)["defaultOutboundAccess"]!);
    }

    [Fact]
    public async Task WithNone_NoNatGatewayIsCreatedOrAttached_AndDefaultOutboundStaysOff()
    {
        var deployment = await Deployment.WithParametersAsync("egress-none", """
            using 'main.bicep'

            param natGatewayId = 'none'
            param webhookSecret = readEnvironmentVariable('SCALER_WEBHOOK_SECRET')
            param githubToken = readEnvironmentVariable('SCALER_GITHUB_TOKEN')
            param pools = [
              { name: 'linux', labels: ['linux'], scope: 'org', owner: 'contoso', vmSizes: ['Standard_D2ads_v5'] }
            ]
            """);

        Assert.Empty(deployment.OfType("Microsoft.Network/natGateways"));
        Assert.Empty(deployment.OfType("Microsoft.Network/publicIPAddresses"));
        Assert.Null(RunnerSubnet(deployment)["natGateway"]);
        Assert.False((bool)RunnerSubnet(deployment)["defaultOutboundAccess"]!);
    }

    private static JsonNode RunnerSubnet(Deployment deployment) =>
        Assert.Single(deployment.Single("Microsoft.Network/virtualNetworks")["properties"]!["subnets"]!.AsArray(), s => (string?)s!["name"] == "runners")!["properties"]!;
}
