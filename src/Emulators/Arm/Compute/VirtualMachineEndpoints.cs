using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Scaler.Emulators.Arm.Boot;
using Scaler.Emulators.Arm.Faults;
using Scaler.Emulators.Arm.Json;
using Scaler.Emulators.Arm.Operations;
using Scaler.Emulators.Arm.Timing;

namespace Scaler.Emulators.Arm.Compute;

/// <summary>The Microsoft.Compute REST handlers: VM create, get, update (tags and userData), delete, list, and scale set get;
/// the power actions (deallocate, start) are in <c>VirtualMachinePowerEndpoints.cs</c>.</summary>
internal sealed partial class VirtualMachineEndpoints(
    VirtualMachineStore store,
    LongRunningOperations operations,
    ArmFaults faults,
    ArmCounters counters,
    GuestLifecycle guests,
    TimingDraws timings,
    ArmEmulatorOptions options)
{
    private DateTimeOffset Now => options.TimeProvider.GetUtcNow();

    public async Task PutAsync(HttpContext context, string subscriptionId, string resourceGroup, string name, CancellationToken cancellationToken)
    {
        if (VirtualMachineValidator.ValidateName(name) is { } nameError)
        {
            await nameError.WriteAsync(context, cancellationToken);
            return;
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, cancellationToken);
        var request = VirtualMachineRequest.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), out var parseError);
        if (request is null)
        {
            await parseError!.WriteAsync(context, cancellationToken);
            return;
        }

        var error = VirtualMachineValidator.ValidateBody(request, out var decodedCustomData)
            ?? VirtualMachineValidator.ValidateScaleSet(subscriptionId, resourceGroup, request.ScaleSetId, store);
        var resourceId = ResourceId.VirtualMachine(subscriptionId, resourceGroup, name);
        var existing = store.Find(resourceId, Now);
        if (error is null && existing is null)
        {
            error = faults.CreationError(request.VmSize, request.Location);
        }

        if (error is not null)
        {
            await error.WriteAsync(context, cancellationToken);
            return;
        }

        var now = Now;
        var candidate = existing ?? new VmRecord
        {
            Sequence = store.NextSequence(),
            SubscriptionId = subscriptionId,
            ResourceGroup = resourceGroup,
            Name = name,
            Request = request,
            DecodedCustomData = decodedCustomData,
            UserData = request.UserData,
            CreatedAt = now,
            ReadyAt = now + timings.NextCreate(),
            ProvisioningFailure = faults.ProvisioningError(request.VmSize, request.Priority),
        };
        var (vm, created) = existing is null ? store.AddOrGet(candidate, now) : (existing, false);
        if (created)
        {
            counters.CountCreated();
            if (vm.ProvisioningFailure is null)
            {
                guests.ScheduleBoot(vm);
            }
        }

        var operation = operations.Start(subscriptionId, vm.Request.Location, vm.ReadyAt, vm.ProvisioningFailure);
        LongRunningOperations.AddPollingHeaders(context, operation, ApiVersion(context), includeLocation: false);
        context.Response.StatusCode = created ? StatusCodes.Status201Created : StatusCodes.Status200OK;
        await context.Response.WriteAsJsonAsync(store.Read(vm, v => VirtualMachineJson.Render(v, now)), ArmJson.Options, cancellationToken);
    }

    public async Task GetAsync(HttpContext context, string subscriptionId, string resourceGroup, string name, CancellationToken cancellationToken)
    {
        var now = Now;
        var vm = store.Find(ResourceId.VirtualMachine(subscriptionId, resourceGroup, name), now);
        if (vm is null)
        {
            await ArmError.NotFound("Microsoft.Compute/virtualMachines", name, resourceGroup).WriteAsync(context, cancellationToken);
            return;
        }

        var expandUserData = context.Request.Query["$expand"].ToString().Contains("userData", StringComparison.OrdinalIgnoreCase);
        await context.Response.WriteAsJsonAsync(store.Read(vm, v => VirtualMachineJson.Render(v, now, expandUserData)), ArmJson.Options, cancellationToken);
    }

    public async Task GetInstanceViewAsync(HttpContext context, string subscriptionId, string resourceGroup, string name, CancellationToken cancellationToken)
    {
        var now = Now;
        var vm = store.Find(ResourceId.VirtualMachine(subscriptionId, resourceGroup, name), now);
        if (vm is null)
        {
            await ArmError.NotFound("Microsoft.Compute/virtualMachines", name, resourceGroup).WriteAsync(context, cancellationToken);
            return;
        }

        await context.Response.WriteAsJsonAsync(store.Read(vm, v => VirtualMachineJson.RenderInstanceView(v, now)), ArmJson.Options, cancellationToken);
    }

    /// <summary>
    /// Applies the body's <c>tags</c> (they replace the VM's, as a PATCH of any ARM resource does) and
    /// <c>properties.userData</c> (base64; empty clears it), in any power state; other properties are ignored.
    /// </summary>
    public async Task PatchAsync(HttpContext context, string subscriptionId, string resourceGroup, string name, CancellationToken cancellationToken)
    {
        var vm = store.Find(ResourceId.VirtualMachine(subscriptionId, resourceGroup, name), Now);
        if (vm is null)
        {
            await ArmError.NotFound("Microsoft.Compute/virtualMachines", name, resourceGroup).WriteAsync(context, cancellationToken);
            return;
        }

        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: cancellationToken) as JsonObject;
        }
        catch (System.Text.Json.JsonException ex)
        {
            await ArmError.BadRequest("InvalidRequestContent", $"The request content was invalid and could not be deserialized: '{ex.Message}'.").WriteAsync(context, cancellationToken);
            return;
        }

        var userData = body?["properties"]?["userData"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        if (VirtualMachineValidator.ValidateUserData(userData) is { } userDataError)
        {
            await userDataError.WriteAsync(context, cancellationToken);
            return;
        }

        var tags = body?["tags"] as JsonObject;
        store.Update(vm, v =>
        {
            if (tags is not null)
            {
                v.Request = v.Request with { Tags = Replace(tags) };
            }

            if (userData is not null)
            {
                v.UserData = userData;
            }
        });

        var now = Now;
        var operation = operations.Start(subscriptionId, vm.Request.Location, now, failure: null);
        LongRunningOperations.AddPollingHeaders(context, operation, ApiVersion(context), includeLocation: false);
        await context.Response.WriteAsJsonAsync(store.Read(vm, v => VirtualMachineJson.Render(v, now)), ArmJson.Options, cancellationToken);
    }

    public Task DeleteAsync(HttpContext context, string subscriptionId, string resourceGroup, string name)
    {
        var now = Now;
        var goneAt = now + timings.NextDelete();
        var (vm, started) = store.BeginDelete(ResourceId.VirtualMachine(subscriptionId, resourceGroup, name), now, goneAt);
        if (vm is null)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        }

        if (started)
        {
            counters.CountDeleted();
            guests.ScheduleShutdown(vm);
        }

        var operation = operations.Start(subscriptionId, vm.Request.Location, store.Read(vm, v => v.GoneAt) ?? goneAt, failure: null);
        LongRunningOperations.AddPollingHeaders(context, operation, ApiVersion(context), includeLocation: true);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        return Task.CompletedTask;
    }

    public async Task ListAsync(HttpContext context, string subscriptionId, string resourceGroup, CancellationToken cancellationToken)
    {
        string? scaleSetId = null;
        var filter = context.Request.Query["$filter"].ToString();
        if (!string.IsNullOrEmpty(filter))
        {
            var match = ScaleSetFilter().Match(filter);
            if (!match.Success)
            {
                await ArmError.BadRequest("InvalidParameter", $"The $filter '{filter}' is not supported. Supported: 'virtualMachineScaleSet/id' eq '<id>'.")
                    .WriteAsync(context, cancellationToken);
                return;
            }

            scaleSetId = match.Groups["id"].Value;
        }

        _ = int.TryParse(context.Request.Query["$skiptoken"], out var skip);
        var now = Now;
        var all = store.List(subscriptionId, resourceGroup, scaleSetId, now);
        var page = all.Skip(skip).Take(options.ListPageSize).Select(vm => (JsonNode)store.Read(vm, v => VirtualMachineJson.Render(v, now))).ToArray();
        var body = new JsonObject { ["value"] = new JsonArray(page) };
        if (skip + options.ListPageSize < all.Count)
        {
            var parameters = new List<KeyValuePair<string, string?>>
            {
                new("api-version", ApiVersion(context)),
                new("$skiptoken", (skip + options.ListPageSize).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            };
            if (!string.IsNullOrEmpty(filter))
            {
                parameters.Insert(1, new("$filter", filter));
            }

            var query = QueryString.Create(parameters);
            body["nextLink"] = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}{query}";
        }

        await context.Response.WriteAsJsonAsync(body, ArmJson.Options, cancellationToken);
    }

    public async Task GetScaleSetAsync(HttpContext context, string subscriptionId, string resourceGroup, string name, CancellationToken cancellationToken)
    {
        var scaleSet = store.FindScaleSet(ResourceId.ScaleSet(subscriptionId, resourceGroup, name));
        if (scaleSet is null)
        {
            await ArmError.NotFound("Microsoft.Compute/virtualMachineScaleSets", name, resourceGroup).WriteAsync(context, cancellationToken);
            return;
        }

        await context.Response.WriteAsJsonAsync(VirtualMachineJson.Render(scaleSet), ArmJson.Options, cancellationToken);
    }

    /// <summary>The tag set a PATCH asks for: every tag it names (a null value names none), and no other.</summary>
    private static Dictionary<string, string> Replace(JsonObject tags)
    {
        var replaced = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in tags)
        {
            if (value is not null)
            {
                replaced[key] = value is JsonValue text && text.TryGetValue<string>(out var tag) ? tag : value.ToJsonString();
            }
        }

        return replaced;
    }

    private static string ApiVersion(HttpContext context) => context.Request.Query["api-version"].ToString();

    [GeneratedRegex(@"^\s*'?virtualMachineScaleSet/id'?\s+eq\s+'(?<id>[^']+)'\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex ScaleSetFilter();
}
