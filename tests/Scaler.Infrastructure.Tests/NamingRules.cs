using System.Text.RegularExpressions;

namespace Scaler.Infrastructure.Tests;

/// <summary>
/// Azure's naming rules for each resource type the template creates (learn.microsoft.com, "Naming rules and
/// restrictions for Azure resources"). A type missing here fails the naming tests, so a new resource gets its rule.
/// </summary>
internal static partial class NamingRules
{
    private static readonly Dictionary<string, Rule> Rules = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Microsoft.Storage/storageAccounts"] = new(StorageAccount(), "3-24 lower case letters and digits"),
        ["Microsoft.KeyVault/vaults"] = new(KeyVault(), "3-24 letters, digits and hyphens; starts with a letter, ends with a letter or digit; no consecutive hyphens", NoConsecutiveHyphens: true),
        ["Microsoft.Web/sites"] = new(Site(), "2-60 letters, digits and hyphens; neither starts nor ends with a hyphen"),
        ["Microsoft.Web/serverfarms"] = new(Plan(), "1-60 letters, digits and hyphens"),
        ["Microsoft.ManagedIdentity/userAssignedIdentities"] = new(Identity(), "3-128 letters, digits, hyphens and underscores; starts with a letter or digit"),
        ["Microsoft.OperationalInsights/workspaces"] = new(Workspace(), "4-63 letters, digits and hyphens; starts and ends with a letter or digit"),
        ["Microsoft.Insights/components"] = new(Insights(), "1-260 characters without % & \\ ? /; does not end with a space or period"),
        ["Microsoft.Insights/scheduledQueryRules"] = new(AlertRule(), "1-260 characters without * # & + : < > ? @ % { } \\ /; does not end with a space or period"),
        ["Microsoft.Insights/workbooks"] = new(Guid(), "a GUID"),
        ["Microsoft.Network/networkSecurityGroups"] = new(Network80(), "1-80 letters, digits, underscores, periods and hyphens; starts with a letter or digit, ends with a letter, digit or underscore"),
        ["Microsoft.Network/virtualNetworks"] = new(VirtualNetwork(), "2-64 letters, digits, underscores, periods and hyphens; starts with a letter or digit, ends with a letter, digit or underscore"),
        ["Microsoft.Network/natGateways"] = new(Network80(), "1-80 letters, digits, underscores, periods and hyphens; starts with a letter or digit, ends with a letter, digit or underscore"),
        ["Microsoft.Network/publicIPAddresses"] = new(Network80(), "1-80 letters, digits, underscores, periods and hyphens; starts with a letter or digit, ends with a letter, digit or underscore"),
        ["Microsoft.Compute/virtualMachineScaleSets"] = new(ScaleSet(), "1-64 letters, digits and hyphens (Linux); does not start or end with a hyphen"),
        ["Microsoft.Authorization/roleDefinitions"] = new(Guid(), "a GUID"),
    };

    /// <summary>Resources named by an ARM expression (guid() over values only Azure knows), which the snapshot cannot evaluate.</summary>
    public static readonly HashSet<string> NamedByGuidExpression = new(StringComparer.OrdinalIgnoreCase) { "Microsoft.Authorization/roleAssignments" };

    /// <summary>The rule the name breaks, or null when it is legal. Child resources (a/b) have fixed names in the template and are not checked.</summary>
    public static string? Violation(string type, string name)
    {
        if (type.Count(c => c == '/') > 1 || NamedByGuidExpression.Contains(type))
        {
            return null;
        }

        if (!Rules.TryGetValue(type, out var rule))
        {
            return $"{type} has no naming rule in NamingRules: add Azure's rule for it";
        }

        var legal = rule.Pattern.IsMatch(name) && !(rule.NoConsecutiveHyphens && name.Contains("--", StringComparison.Ordinal));
        return legal ? null : $"{type} '{name}' breaks its rule: {rule.Text}";
    }

    private sealed record Rule(Regex Pattern, string Text, bool NoConsecutiveHyphens = false);

    [GeneratedRegex("^[a-z0-9]{3,24}$")]
    private static partial Regex StorageAccount();

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$")]
    private static partial Regex KeyVault();

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9-]{0,58}[a-zA-Z0-9]$")]
    private static partial Regex Site();

    [GeneratedRegex("^[a-zA-Z0-9-]{1,60}$")]
    private static partial Regex Plan();

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$")]
    private static partial Regex Identity();

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9-]{2,61}[a-zA-Z0-9]$")]
    private static partial Regex Workspace();

    [GeneratedRegex(@"^[^%&\\?/]{0,259}[^%&\\?/ .]$")]
    private static partial Regex Insights();

    [GeneratedRegex(@"^[^*#&+:<>?@%{}\\/]{0,259}[^*#&+:<>?@%{}\\/ .]$")]
    private static partial Regex AlertRule();

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex Guid();

    [GeneratedRegex("^[a-zA-Z0-9]([a-zA-Z0-9._-]{0,78}[a-zA-Z0-9_])?$")]
    private static partial Regex Network80();

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9._-]{0,62}[a-zA-Z0-9_]$")]
    private static partial Regex VirtualNetwork();

    [GeneratedRegex("^[a-zA-Z0-9]([a-zA-Z0-9-]{0,62}[a-zA-Z0-9])?$")]
    private static partial Regex ScaleSet();
}
