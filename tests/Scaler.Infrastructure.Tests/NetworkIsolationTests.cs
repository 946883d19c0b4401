using System.Text.Json.Nodes;

namespace Scaler.Infrastructure.Tests;

/// <summary>
/// A job VM reaches the internet and the Azure host only: not the other job VMs, not the rest of the network (peered
/// networks included, all inside the VirtualNetwork service tag), and nothing reaches it.
/// </summary>
public sealed class NetworkIsolationTests
{
    private static readonly Peer OtherRunner = new("another runner in the subnet", "10.40.0.5", "VirtualNetwork");
    private static readonly Peer OtherSubnet = new("a VM in another subnet", "10.40.16.4", "VirtualNetwork");
    private static readonly Peer PeeredNetwork = new("a VM in a peered network", "10.50.0.4", "VirtualNetwork");
    private static readonly Peer GitHub = new("github.com", "140.82.121.4", "Internet");
    private static readonly Peer BlobEndpoint = new("the storage account's blob endpoint", "20.60.40.4", "Internet", "Storage", "Storage.WestEurope");

    // DNS, DHCP and the VM agent's provisioning report; Azure counts the host as part of VirtualNetwork.
    private static readonly Peer AzureHost = new("the Azure host", "168.63.129.16", "VirtualNetwork", "AzureLoadBalancer");

    public static readonly TheoryData<string, int> NetworkPeers = new()
    {
        { "other runner", 22 }, { "other runner", 443 }, { "other subnet", 3389 }, { "peered network", 443 },
    };

    [Theory]
    [MemberData(nameof(NetworkPeers))]
    public async Task JobVm_CannotOpenConnectionsIntoTheNetwork(string peer, int port)
    {
        var nsg = RunnerNsg(await Deployment.Example);

        var (rule, access) = NsgRules.Outbound(nsg, Peer(peer), port);

        Assert.Equal(("DenyVirtualNetworkOutbound", "Deny"), (rule, access));
    }

    [Theory]
    [MemberData(nameof(NetworkPeers))]
    public async Task NothingInTheNetwork_CanConnectToAJobVm(string peer, int port)
    {
        var nsg = RunnerNsg(await Deployment.Example);

        Assert.Equal(("DenyVirtualNetworkInbound", "Deny"), NsgRules.Inbound(nsg, Peer(peer), port));
    }

    [Fact]
    public async Task TheInternet_CannotConnectToAJobVm()
    {
        var nsg = RunnerNsg(await Deployment.Example);

        Assert.Equal(("DenyInternetInbound", "Deny"), NsgRules.Inbound(nsg, GitHub, 22));
    }

    [Fact]
    public async Task JobVm_ReachesTheInternet_ByTheTemplatesOwnRule()
    {
        var nsg = RunnerNsg(await Deployment.Example);

        Assert.Equal(("AllowInternetOutbound", "Allow"), NsgRules.Outbound(nsg, GitHub, 443));
        Assert.Equal(("AllowInternetOutbound", "Allow"), NsgRules.Outbound(nsg, GitHub, 80));
    }

    [Theory]
    [InlineData(53)]
    [InlineData(80)]
    [InlineData(32526)]
    public async Task JobVm_ReachesTheAzureHost_BeforeTheNetworkIsDenied(int port)
    {
        var nsg = RunnerNsg(await Deployment.Example);

        Assert.Equal(("AllowAzureHostOutbound", "Allow"), NsgRules.Outbound(nsg, AzureHost, port));
    }

    [Fact]
    public async Task WithTheRunnerMirror_JobVm_ReachesTheBlobEndpoint()
    {
        var deployment = await Deployment.Pat;
        var nsg = RunnerNsg(deployment);

        Assert.Equal("true", deployment.AppSettings["Scaler__RunnerUpdates__Mirror"]);
        Assert.Equal("Allow", NsgRules.Outbound(nsg, BlobEndpoint, 443).Access);
    }

    [Fact]
    public void AzureDefaultRulesAlone_LetRunnersReachEachOther()
    {
        // What the template's rules change: Azure's defaults allow any traffic within VirtualNetwork.
        var empty = new JsonObject { ["properties"] = new JsonObject { ["securityRules"] = new JsonArray() } };

        Assert.Equal(("AllowVnetOutBound", "Allow"), NsgRules.Outbound(empty, OtherRunner, 22));
        Assert.Equal(("AllowVnetInBound", "Allow"), NsgRules.Inbound(empty, OtherRunner, 22));
    }

    private static Peer Peer(string name) => name switch
    {
        "other runner" => OtherRunner,
        "other subnet" => OtherSubnet,
        "peered network" => PeeredNetwork,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    /// <summary>The NSG attached to the runner subnet.</summary>
    private static JsonObject RunnerNsg(Deployment deployment)
    {
        var subnet = Assert.Single(deployment.Single("Microsoft.Network/virtualNetworks")["properties"]!["subnets"]!.AsArray())!;
        var nsgId = (string?)subnet["properties"]!["networkSecurityGroup"]!["id"];
        return Assert.Single(deployment.OfType("Microsoft.Network/networkSecurityGroups"), n => (string?)n["id"] == nsgId);
    }
}
