using System.Net;
using System.Text.Json.Nodes;

namespace Scaler.Infrastructure.Tests;

/// <summary>A remote end of a connection: its IPv4 address and the service tags that contain it.</summary>
internal sealed record Peer(string Name, string Address, params string[] Tags)
{
    public override string ToString() => Name;
}

/// <summary>
/// Which rule of a network security group decides a connection, as Azure evaluates them: the template's rules and
/// then Azure's default rules, lowest priority number first, the first match wins.
/// </summary>
internal static class NsgRules
{
    /// <summary>A runner VM in the runner subnet, the local end of every connection.</summary>
    public static readonly Peer Runner = new("this runner", "10.40.0.4", "VirtualNetwork");

    private static readonly JsonObject[] DefaultRules =
    [
        Rule("AllowVnetInBound", 65000, "Inbound", "Allow", "VirtualNetwork", "VirtualNetwork"),
        Rule("AllowAzureLoadBalancerInBound", 65001, "Inbound", "Allow", "AzureLoadBalancer", "*"),
        Rule("DenyAllInBound", 65500, "Inbound", "Deny", "*", "*"),
        Rule("AllowVnetOutBound", 65000, "Outbound", "Allow", "VirtualNetwork", "VirtualNetwork"),
        Rule("AllowInternetOutBound", 65001, "Outbound", "Allow", "*", "Internet"),
        Rule("DenyAllOutBound", 65500, "Outbound", "Deny", "*", "*"),
    ];

    /// <summary>The rule that decides a TCP connection from the runner to <paramref name="remote"/>.</summary>
    public static (string Rule, string Access) Outbound(JsonObject nsg, Peer remote, int port) => Decide(nsg, "Outbound", Runner, remote, port);

    /// <summary>The rule that decides a TCP connection from <paramref name="remote"/> to the runner.</summary>
    public static (string Rule, string Access) Inbound(JsonObject nsg, Peer remote, int port) => Decide(nsg, "Inbound", remote, Runner, port);

    private static (string Rule, string Access) Decide(JsonObject nsg, string direction, Peer source, Peer destination, int port)
    {
        var rules = (nsg["properties"]?["securityRules"]?.AsArray().Select(r => r!.AsObject()) ?? [])
            .Concat(DefaultRules)
            .Where(r => (string?)r["properties"]!["direction"] == direction)
            .OrderBy(r => (int)r["properties"]!["priority"]!);
        var rule = rules.First(r => Matches(r["properties"]!, source, destination, port));
        return ((string)rule["name"]!, (string)rule["properties"]!["access"]!);
    }

    private static bool Matches(JsonNode rule, Peer source, Peer destination, int port) =>
        Values(rule, "protocol", "protocols").Any(p => p is "*" or "Tcp")
        && Values(rule, "sourceAddressPrefix", "sourceAddressPrefixes").Any(p => Contains(p, source))
        && Values(rule, "destinationAddressPrefix", "destinationAddressPrefixes").Any(p => Contains(p, destination))
        && Values(rule, "destinationPortRange", "destinationPortRanges").Any(p => InRange(p, port));

    private static IEnumerable<string> Values(JsonNode rule, string single, string plural) =>
        rule[single] is JsonValue value ? [(string)value!] : rule[plural]?.AsArray().Select(v => (string)v!) ?? [];

    private static bool Contains(string prefix, Peer peer)
    {
        if (prefix == "*" || peer.Tags.Contains(prefix, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPNetwork.TryParse(prefix.Contains('/', StringComparison.Ordinal) ? prefix : prefix + "/32", out var network)
            && network.Contains(IPAddress.Parse(peer.Address));
    }

    private static bool InRange(string range, int port)
    {
        if (range == "*")
        {
            return true;
        }

        var bounds = range.Split('-');
        return port >= int.Parse(bounds[0], System.Globalization.CultureInfo.InvariantCulture)
            && port <= int.Parse(bounds[^1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static JsonObject Rule(string name, int priority, string direction, string access, string source, string destination) => new()
    {
        ["name"] = name,
        ["properties"] = new JsonObject
        {
            ["priority"] = priority,
            ["direction"] = direction,
            ["access"] = access,
            ["protocol"] = "*",
            ["sourceAddressPrefix"] = source,
            ["destinationAddressPrefix"] = destination,
            ["destinationPortRange"] = "*",
        },
    };
}
