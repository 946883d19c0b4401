using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Scaler.Infrastructure.Tests;

/// <summary>The built-in roles the template may assign, and where a compiled role assignment applies.</summary>
internal static partial class RoleAssignments
{
    public const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    public const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    public const string StorageBlobDataReader = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
    public const string StorageBlobDelegator = "db58b8e5-c6ad-4a2a-8342-4190687cbf4a";
    public const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    public const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    public const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    public const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";

    /// <summary>Every built-in role that reads or writes blobs or signs for them.</summary>
    public static readonly string[] BlobRoles = [StorageBlobDataOwner, StorageBlobDataContributor, StorageBlobDataReader, StorageBlobDelegator];

    public static string GroupId(string resourceGroup) => $"/subscriptions/{Deployment.SubscriptionId}/resourceGroups/{resourceGroup}";

    /// <summary>The role an assignment grants: a built-in role's GUID, or a custom role's full id.</summary>
    public static string Role(JsonObject assignment)
    {
        var id = (string)assignment["properties"]!["roleDefinitionId"]!;
        var builtIn = BuiltInRoleId().Match(id);
        return builtIn.Success ? builtIn.Groups["guid"].Value : id;
    }

    /// <summary>
    /// The scope an assignment applies to, read from its id as bicep snapshot writes it: <c>extensionResourceId(scope, ...)</c>
    /// for one on a resource, <c>resourceId(subscription, group, ...)</c> for one on the group it is deployed to.
    /// </summary>
    public static string Scope(JsonObject assignment)
    {
        var id = (string)assignment["id"]!;
        if (ExtensionScope().Match(id) is { Success: true } extension)
        {
            return extension.Groups["scope"].Value;
        }

        if (GroupScope().Match(id) is { Success: true } group)
        {
            return $"/subscriptions/{group.Groups["subscription"].Value}/resourceGroups/{group.Groups["group"].Value}";
        }

        throw new Xunit.Sdk.XunitException($"no resource or resource group scope in role assignment id {id}");
    }

    public static IEnumerable<JsonObject> Granting(Deployment deployment, string role) =>
        deployment.OfType("Microsoft.Authorization/roleAssignments").Where(a => string.Equals(Role(a), role, StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex(@"^/subscriptions/[^/]+/providers/Microsoft\.Authorization/roleDefinitions/(?<guid>[0-9a-f-]{36})$", RegexOptions.IgnoreCase)]
    private static partial Regex BuiltInRoleId();

    [GeneratedRegex(@"^\[extensionResourceId\('(?<scope>/subscriptions/[^']+)', 'Microsoft\.Authorization/roleAssignments'")]
    private static partial Regex ExtensionScope();

    [GeneratedRegex(@"^\[resourceId\('(?<subscription>[^']+)', '(?<group>[^']+)', 'Microsoft\.Authorization/roleAssignments'")]
    private static partial Regex GroupScope();
}
