using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Web;

namespace Scaler.Core.Tests.Compute;

/// <summary>
/// Just enough of Azure Resource Manager's virtual machine REST API, in memory, for the real SDK client to run
/// over: scale set GET, VM PUT/GET/PATCH (tags)/DELETE/deallocate/list (with the scale set filter), synchronous completions, error bodies
/// shaped as ARM's, 429 with Retry-After, and a record of every PUT body. Stands in for the ARM emulator (branch
/// emulator-arm) until that can be used; the same <see cref="RunnerVmsContract"/> runs over both.
/// </summary>
internal sealed class InMemoryArmHandler : HttpMessageHandler
{
    public const string Location = "westeurope";

    private readonly ConcurrentDictionary<string, JsonObject> vms = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Code, int Status, string Size, bool Spot)> faults = [];
    private readonly Lock gate = new();
    private int throttled;
    private TimeSpan retryAfter;

    public DateTimeOffset Now { get; set; } = new(2026, 11, 27, 21, 12, 13, TimeSpan.Zero);

    /// <summary>Every VM PUT body as sent, by VM name, in order.</summary>
    public ConcurrentQueue<(string Name, JsonObject Body)> Puts { get; } = new();

    public int Requests { get; private set; }

    /// <summary>Names of the VMs that were deallocated.</summary>
    public ConcurrentDictionary<string, byte> Deallocated { get; } = new(StringComparer.OrdinalIgnoreCase);

    public void Fail(string code, int status, string size, bool spot)
    {
        lock (gate)
        {
            faults.Add((code, status, size, spot));
        }
    }

    /// <summary>GETs of a scale set (its location).</summary>
    public int ScaleSetReads { get; private set; }

    /// <summary>When set, the list ignores its <c>$filter</c> and returns every VM, as a server that does not filter would.</summary>
    public bool IgnoreListFilter { get; set; }

    /// <summary>A VM already there, as another attempt or another tool left it.</summary>
    public void Seed(string name, string? scaleSetId, string provisioningState, string size = "Standard_D2ads_v5", bool spot = false)
    {
        var properties = new JsonObject
        {
            ["hardwareProfile"] = new JsonObject { ["vmSize"] = size },
            ["priority"] = spot ? "Spot" : "Regular",
            ["provisioningState"] = provisioningState,
            ["timeCreated"] = Now.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (scaleSetId is not null)
        {
            properties["virtualMachineScaleSet"] = new JsonObject { ["id"] = scaleSetId };
        }

        var resourceGroup = scaleSetId is null ? "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/runners" : scaleSetId[..scaleSetId.IndexOf("/providers/", StringComparison.OrdinalIgnoreCase)];
        vms[name] = new JsonObject
        {
            ["id"] = $"{resourceGroup}/providers/Microsoft.Compute/virtualMachines/{name}",
            ["name"] = name,
            ["type"] = "Microsoft.Compute/virtualMachines",
            ["location"] = Location,
            ["tags"] = new JsonObject(),
            ["properties"] = properties,
        };
    }

    /// <summary>The VM as ARM holds it; null when there is none.</summary>
    public JsonObject? Vm(string name) => vms.GetValueOrDefault(name);

    public void Throttle(int requests, TimeSpan after)
    {
        throttled = requests;
        retryAfter = after;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests++;
        if (throttled > 0)
        {
            throttled--;
            var response = Error(HttpStatusCode.TooManyRequests, "TooManyRequests", "The request is being throttled.");
            response.Headers.Add("Retry-After", ((int)retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
            return response;
        }

        var path = request.RequestUri!.AbsolutePath.TrimEnd('/');
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        // subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Compute/{type}[/{name}]
        if (segments.Length < 7 || !segments[5].Equals("Microsoft.Compute", StringComparison.OrdinalIgnoreCase))
        {
            return Error(HttpStatusCode.NotFound, "InvalidResourceType", "Not served here: " + path);
        }

        var type = segments[6];
        if (type.Equals("virtualMachineScaleSets", StringComparison.OrdinalIgnoreCase) && segments.Length == 8 && request.Method == HttpMethod.Get)
        {
            ScaleSetReads++;
            return Json(HttpStatusCode.OK, new JsonObject
            {
                ["id"] = path,
                ["name"] = segments[7],
                ["type"] = "Microsoft.Compute/virtualMachineScaleSets",
                ["location"] = Location,
                ["properties"] = new JsonObject { ["orchestrationMode"] = "Flexible", ["provisioningState"] = "Succeeded" },
            });
        }

        if (!type.Equals("virtualMachines", StringComparison.OrdinalIgnoreCase))
        {
            return Error(HttpStatusCode.NotFound, "InvalidResourceType", "Not served here: " + path);
        }

        if (segments.Length == 7 && request.Method == HttpMethod.Get)
        {
            return List(request.RequestUri);
        }

        var name = segments[7];
        if (segments.Length == 9 && segments[8].Equals("deallocate", StringComparison.OrdinalIgnoreCase) && request.Method == HttpMethod.Post)
        {
            if (!vms.ContainsKey(name))
            {
                return NotFound(name);
            }

            Deallocated[name] = 0;
            return new HttpResponseMessage(HttpStatusCode.OK);
        }

        if (request.Method == HttpMethod.Patch)
        {
            var patch = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!.AsObject();
            return Patch(name, patch);
        }

        if (request.Method == HttpMethod.Put)
        {
            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!.AsObject();
            Puts.Enqueue((name, body.DeepClone().AsObject()));
            return Put(path, name, body);
        }

        if (request.Method == HttpMethod.Get)
        {
            return vms.TryGetValue(name, out var vm) ? Json(HttpStatusCode.OK, vm) : NotFound(name);
        }

        if (request.Method == HttpMethod.Delete)
        {
            Deallocated.TryRemove(name, out _);
            return vms.TryRemove(name, out _) ? new HttpResponseMessage(HttpStatusCode.OK) : new HttpResponseMessage(HttpStatusCode.NoContent);
        }

        return Error(HttpStatusCode.MethodNotAllowed, "MethodNotAllowed", request.Method.Method);
    }

    private HttpResponseMessage Put(string path, string name, JsonObject body)
    {
        var size = body["properties"]?["hardwareProfile"]?["vmSize"]?.GetValue<string>() ?? "";
        var spot = string.Equals(body["properties"]?["priority"]?.GetValue<string>(), "Spot", StringComparison.OrdinalIgnoreCase);
        lock (gate)
        {
            foreach (var fault in faults)
            {
                if (fault.Size.Equals(size, StringComparison.OrdinalIgnoreCase) && fault.Spot == spot)
                {
                    return Error((HttpStatusCode)fault.Status, fault.Code, Message(fault.Code, size));
                }
            }
        }

        var vm = body.DeepClone().AsObject();
        vm["id"] = path;
        vm["name"] = name;
        vm["type"] = "Microsoft.Compute/virtualMachines";
        var properties = vm["properties"]!.AsObject();
        properties["provisioningState"] = "Succeeded";
        properties["timeCreated"] = Now.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        properties["vmId"] = Guid.NewGuid().ToString();
        properties["osProfile"]?.AsObject().Remove("customData"); // ARM never returns customData.
        var created = vms.TryAdd(name, vm);
        return Json(created ? HttpStatusCode.Created : HttpStatusCode.OK, vms[name]);
    }

    /// <summary>Tags merge as in a JSON merge patch: a null value removes the tag.</summary>
    private HttpResponseMessage Patch(string name, JsonObject patch)
    {
        if (!vms.TryGetValue(name, out var vm))
        {
            return NotFound(name);
        }

        lock (gate)
        {
            if (patch["tags"] is JsonObject tags)
            {
                if (vm["tags"] is not JsonObject current)
                {
                    current = [];
                    vm["tags"] = current;
                }

                foreach (var (key, value) in tags)
                {
                    if (value is null)
                    {
                        current.Remove(key);
                    }
                    else
                    {
                        current[key] = value.DeepClone();
                    }
                }
            }

            return Json(HttpStatusCode.OK, vm.DeepClone());
        }
    }

    private HttpResponseMessage List(Uri uri)
    {
        var filter = HttpUtility.ParseQueryString(uri.Query)["$filter"] ?? "";
        const string prefix = "'virtualMachineScaleSet/id' eq '";
        var scaleSet = filter.StartsWith(prefix, StringComparison.Ordinal) && !IgnoreListFilter ? filter[prefix.Length..].TrimEnd('\'') : null;
        var value = new JsonArray();
        foreach (var vm in vms.Values)
        {
            var id = vm["properties"]?["virtualMachineScaleSet"]?["id"]?.GetValue<string>();
            if (scaleSet is null || string.Equals(id, scaleSet, StringComparison.OrdinalIgnoreCase))
            {
                value.Add(vm.DeepClone());
            }
        }

        return Json(HttpStatusCode.OK, new JsonObject { ["value"] = value });
    }

    private static string Message(string code, string size) => code switch
    {
        "OperationNotAllowed" => $"Operation could not be completed as it results in exceeding approved standardDSv5Family Cores quota. Location: {Location}, Current Limit: 10, Current Usage: 10, Additional Required: 2 (size {size}).",
        "SkuNotAvailable" => $"The requested size for resource is currently not available in location '{Location}': {size}.",
        _ => $"Allocation failed for {size}. We do not have sufficient capacity for the requested VM size in this region.",
    };

    private static HttpResponseMessage NotFound(string name) =>
        Error(HttpStatusCode.NotFound, "ResourceNotFound", $"The Resource 'Microsoft.Compute/virtualMachines/{name}' was not found.");

    private static HttpResponseMessage Json(HttpStatusCode status, JsonNode body) =>
        new(status) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };

    private static HttpResponseMessage Error(HttpStatusCode status, string code, string message) =>
        Json(status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });
}
