using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Scaler.Emulators.Arm;

/// <summary>The Compute REST surface the Azure SDK uses for VMs in Flexible scale sets.</summary>
internal static partial class VirtualMachineEndpoints
{
    private const string Group = "/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.Compute";
    private const int PageSize = 50;
    private const int MaxCustomDataLength = 65536;

    public static void Map(IEndpointRouteBuilder app, ArmState state)
    {
        app.MapPut(Group + "/virtualMachines/{name}", async (HttpContext context, string subscription, string group, string name) =>
            Put(state, context, subscription, group, name, await context.Request.ReadFromJsonAsync<JsonObject>(context.RequestAborted)));
        app.MapGet(Group + "/virtualMachines/{name}", (string subscription, string group, string name) =>
            state.FindVm(VmId(subscription, group, name)) is { } vm ? Results.Json(VirtualMachineDocuments.Render(vm)) : ArmErrors.NotFound(VmId(subscription, group, name)));
        app.MapDelete(Group + "/virtualMachines/{name}", (HttpContext context, string subscription, string group, string name) =>
        {
            if (state.FindVm(VmId(subscription, group, name)) is not { } vm)
            {
                return Results.NoContent();
            }

            Accept(context, subscription, state.Delete(vm));
            return Results.StatusCode(StatusCodes.Status202Accepted);
        });
        app.MapGet(Group + "/virtualMachines", (HttpContext context, string subscription, string group) => List(state, context, subscription, group));
        app.MapGet(Group + "/virtualMachineScaleSets/{name}", (string subscription, string group, string name) =>
        {
            var id = ScaleSetId(subscription, group, name);
            return state.FindScaleSet(id) is { } scaleSet ? Results.Json(VirtualMachineDocuments.Render(scaleSet)) : ArmErrors.NotFound(id);
        });
        app.MapGet("/subscriptions/{subscription}/providers/Microsoft.Compute/locations/{location}/operations/{id}", (string id) =>
            state.FindOperation(id) is { } operation
                ? Results.Json(new JsonObject { ["name"] = operation.Id, ["status"] = operation.Status, ["startTime"] = operation.Started.ToString("O", CultureInfo.InvariantCulture) })
                : ArmErrors.NotFound(id));
    }

    private static IResult Put(ArmState state, HttpContext context, string subscription, string group, string name, JsonObject? body)
    {
        var id = VmId(subscription, group, name);
        if (state.FindVm(id) is { } existing)
        {
            return Results.Json(VirtualMachineDocuments.Render(existing));
        }

        if (body is null || body["location"]?.GetValue<string>() is not { Length: > 0 })
        {
            return ArmErrors.Invalid("The request body must be a virtual machine with a location.");
        }

        if (!VmName().IsMatch(name))
        {
            return ArmErrors.Error(StatusCodes.Status400BadRequest, "InvalidParameter", $"The VM name '{name}' is invalid: 1-64 letters, digits and hyphens, not starting or ending with a hyphen.");
        }

        var scaleSetId = VirtualMachineDocuments.ScaleSetId(body);
        if (scaleSetId is null || state.FindScaleSet(scaleSetId) is not { } scaleSet)
        {
            return ArmErrors.NotFound(scaleSetId ?? "virtualMachineScaleSet");
        }

        if (!scaleSetId.StartsWith($"/subscriptions/{subscription}/resourceGroups/{group}/", StringComparison.OrdinalIgnoreCase))
        {
            return ArmErrors.Invalid("The virtual machine and its scale set must be in the same resource group.");
        }

        if (!string.Equals(scaleSet.OrchestrationMode, "Flexible", StringComparison.OrdinalIgnoreCase))
        {
            return ArmErrors.Error(StatusCodes.Status400BadRequest, "OperationNotAllowed", "A virtual machine can be added only to a scale set in Flexible orchestration mode.");
        }

        var customData = VirtualMachineDocuments.CustomData(body);
        if (customData is { Length: > MaxCustomDataLength })
        {
            return ArmErrors.Invalid($"customData is {customData.Length} characters; at most {MaxCustomDataLength} are allowed.");
        }

        string decoded;
        try
        {
            decoded = ArmState.Decode(customData);
        }
        catch (FormatException)
        {
            return ArmErrors.Invalid("customData is not valid base64.");
        }

        var priority = VirtualMachineDocuments.Priority(body);
        var spot = string.Equals(priority, "Spot", StringComparison.OrdinalIgnoreCase);
        if (spot && VirtualMachineDocuments.EvictionPolicy(body) is null)
        {
            return ArmErrors.Invalid("A Spot virtual machine needs an eviction policy.");
        }

        var size = VirtualMachineDocuments.Size(body);
        if (state.Faults.CreateFailure(size, spot) is { } failure)
        {
            return ArmErrors.Error(StatusCodes.Status409Conflict, failure.Code, failure.Message);
        }

        var vm = new EmulatedVm(id, name, scaleSet.Id, size, priority, VirtualMachineDocuments.EvictionPolicy(body), VirtualMachineDocuments.Tags(body),
            decoded, VirtualMachineDocuments.HasPublicIp(body), VirtualMachineDocuments.SubnetIds(body), state.Time.GetUtcNow())
        {
            Document = body,
        };
        var operation = state.Create(vm);
        Accept(context, subscription, operation);
        return Results.Json(VirtualMachineDocuments.Render(vm), statusCode: StatusCodes.Status201Created);
    }

    private static IResult List(ArmState state, HttpContext context, string subscription, string group)
    {
        var prefix = $"/subscriptions/{subscription}/resourceGroups/{group}/";
        var filter = context.Request.Query["$filter"].ToString();
        string? scaleSetId = null;
        if (filter.Length > 0)
        {
            var match = ScaleSetFilter().Match(filter);
            if (!match.Success)
            {
                return ArmErrors.Invalid($"The filter '{filter}' is not supported; use 'virtualMachineScaleSet/id' eq '<id>'.");
            }

            scaleSetId = match.Groups[1].Value;
        }

        var all = state.Vms().Where(v => v.Id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            && (scaleSetId is null || string.Equals(v.ScaleSetId, scaleSetId, StringComparison.OrdinalIgnoreCase))).ToList();
        var skip = int.TryParse(context.Request.Query["$skiptoken"], CultureInfo.InvariantCulture, out var s) ? s : 0;
        var page = new JsonArray([.. all.Skip(skip).Take(PageSize).Select(v => (JsonNode)VirtualMachineDocuments.Render(v))]);
        var result = new JsonObject { ["value"] = page };
        if (skip + PageSize < all.Count)
        {
            var query = QueryString.Create([
                .. context.Request.Query.Where(q => q.Key != "$skiptoken").Select(q => KeyValuePair.Create(q.Key, (string?)q.Value.ToString())),
                KeyValuePair.Create("$skiptoken", (string?)(skip + PageSize).ToString(CultureInfo.InvariantCulture)),
            ]);
            result["nextLink"] = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}{query}";
        }

        return Results.Json(result);
    }

    private static void Accept(HttpContext context, string subscription, Operation operation)
    {
        var status = $"{context.Request.Scheme}://{context.Request.Host}/subscriptions/{subscription}/providers/Microsoft.Compute/locations/emulated/operations/{operation.Id}?api-version={context.Request.Query["api-version"]}";
        context.Response.Headers["Azure-AsyncOperation"] = status;
        context.Response.Headers.RetryAfter = "0";
    }

    private static string VmId(string subscription, string group, string name) =>
        $"/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.Compute/virtualMachines/{name}";

    private static string ScaleSetId(string subscription, string group, string name) =>
        $"/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.Compute/virtualMachineScaleSets/{name}";

    [GeneratedRegex("^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,62}[a-zA-Z0-9])?$")]
    private static partial Regex VmName();

    [GeneratedRegex(@"^\s*'?virtualMachineScaleSet/id'?\s+eq\s+'([^']+)'\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex ScaleSetFilter();
}
