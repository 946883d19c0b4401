using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Scaler.Emulators.Arm.Faults;
using Scaler.Emulators.Arm.Recording;

namespace Scaler.Infrastructure.Tests;

/// <summary>
/// The Azure RBAC action each ARM operation needs, and whether a role's actions grant it. ARM names the action after
/// the resource type and the verb: GET is <c>{type}/read</c>, PUT and PATCH <c>{type}/write</c>, DELETE
/// <c>{type}/delete</c>, a POST to an action <c>{type}/{action}/action</c>.
/// </summary>
internal static class RbacActions
{
    /// <summary>
    /// Every kind of ARM request Scaler's <c>AzureRunnerVms</c> makes: create a VM (and poll its operation), read, list,
    /// delete, deallocate and tag one, read its instance view, start a standby VM, and read the scale set's region. The loop test checks this list against what
    /// the app really sends to the emulator.
    /// </summary>
    public static readonly ArmOperationKind[] PerformedByTheApp =
    [
        ArmOperationKind.CreateOrUpdateVirtualMachine,
        ArmOperationKind.GetVirtualMachine,
        ArmOperationKind.ListVirtualMachines,
        ArmOperationKind.UpdateVirtualMachine,
        ArmOperationKind.DeleteVirtualMachine,
        ArmOperationKind.DeallocateVirtualMachine,
        ArmOperationKind.StartVirtualMachine,
        ArmOperationKind.GetVirtualMachineInstanceView,
        ArmOperationKind.GetScaleSet,
        ArmOperationKind.GetOperationStatus,
    ];

    /// <summary>
    /// Operations no role in the runners' resource group can grant, and why they need none. Compute's operation status
    /// (the Azure-AsyncOperation URL of a create, delete or deallocate) sits at subscription scope; callers whose roles
    /// are assigned at a resource group poll it for the operations they started.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> NeedNoGrant = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Microsoft.Compute/locations/operations/read"] = "the status of an operation the caller started, polled at the URL ARM returned",
    };

    /// <summary>The RBAC action an operation needs.</summary>
    public static string For(string method, string resourceType, string? action) => method.ToUpperInvariant() switch
    {
        "GET" or "HEAD" => $"{resourceType}/read",
        "PUT" or "PATCH" => $"{resourceType}/write",
        "DELETE" => $"{resourceType}/delete",
        "POST" => $"{resourceType}/{action ?? throw new ArgumentException("a POST needs its action", nameof(action))}/action",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "not an ARM verb"),
    };

    public static string For(ServedArmOperation operation) => For(operation.Method, operation.ResourceType, operation.Action);

    /// <summary>The custom role with the VM actions, which the app's identity holds in the runners' resource group.</summary>
    public static JsonObject RunnerRole(Deployment deployment) =>
        Assert.Single(deployment.OfType("Microsoft.Authorization/roleDefinitions"), r => Grants(r, "Microsoft.Compute/virtualMachines/write"));

    /// <summary>Whether a role's permissions grant <paramref name="action"/>: some action matches it (a * matching any run of characters) and no notAction does.</summary>
    public static bool Grants(JsonObject role, string action)
    {
        var permissions = Assert.Single(role["properties"]!["permissions"]!.AsArray())!;
        var actions = permissions["actions"]!.AsArray().Select(a => (string)a!);
        var notActions = permissions["notActions"]?.AsArray().Select(a => (string)a!) ?? [];
        return actions.Any(a => Matches(a, action)) && !notActions.Any(n => Matches(n, action));
    }

    private static bool Matches(string pattern, string action) =>
        Regex.IsMatch(action, "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.IgnoreCase);
}
