using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Scaler.Core.Tests.Compute;

/// <summary>
/// In front of <see cref="InMemoryArmHandler"/>: records every request as it reached ARM (method and URI, query
/// included), serves a VM's instance view with the statuses a test sets, answers a VM's start, answers 404 to the
/// calls a test names, as ARM does for a VM deleted between its GET and the next call, and answers the requests a test
/// picks with a response of its own. Everything else goes on to the in-memory ARM.
/// </summary>
internal sealed class ScriptedArmHandler : DelegatingHandler
{
    private readonly ConcurrentDictionary<string, JsonArray> instanceViews = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, byte> gone = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<(HttpMethod Method, Uri Uri)> sent = new();
    private readonly List<(Func<HttpRequestMessage, bool> When, Func<HttpResponseMessage> Answer)> answers = [];

    public ScriptedArmHandler(InMemoryArmHandler arm)
        : base(arm) => Arm = arm;

    public InMemoryArmHandler Arm { get; }

    /// <summary>Every request that came in, served here or passed on, in order.</summary>
    public IReadOnlyList<(HttpMethod Method, Uri Uri)> Sent => [.. sent];

    /// <summary>Names of the VMs that were started.</summary>
    public ConcurrentDictionary<string, byte> Started { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Names of the VMs that were patched.</summary>
    public ConcurrentDictionary<string, byte> Patched { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The VM's instance view holds these statuses, in this order.</summary>
    public void InstanceView(string vmName, params (string Code, string? DisplayStatus, string? Message)[] statuses)
    {
        var array = new JsonArray();
        foreach (var (code, displayStatus, message) in statuses)
        {
            var status = new JsonObject { ["code"] = code, ["level"] = "Info" };
            if (displayStatus is not null)
            {
                status["displayStatus"] = displayStatus;
            }

            if (message is not null)
            {
                status["message"] = message;
            }

            array.Add(status);
        }

        instanceViews[vmName] = array;
    }

    /// <summary>From now on ARM answers 404 to <paramref name="call"/> of the VM: instanceView, deallocate, start or PATCH.</summary>
    public void GoneOn(string vmName, string call) => gone[$"{vmName}/{call}"] = 0;

    /// <summary>Requests that match <paramref name="when"/> get <paramref name="answer"/> instead of reaching ARM.</summary>
    public void Answer(Func<HttpRequestMessage, bool> when, Func<HttpResponseMessage> answer) => answers.Add((when, answer));

    /// <summary>ARM's 404 for a VM that is not there (any more).</summary>
    public static HttpResponseMessage NotFound(string vmName) =>
        Error(HttpStatusCode.NotFound, "ResourceNotFound", $"The Resource 'Microsoft.Compute/virtualMachines/{vmName}' was not found.");

    public static HttpResponseMessage Error(HttpStatusCode status, string code, string message) =>
        Json(status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        sent.Enqueue((request.Method, request.RequestUri!));
        foreach (var (when, answer) in answers)
        {
            if (when(request))
            {
                return Task.FromResult(answer());
            }
        }

        var segments = request.RequestUri!.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        // subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Compute/virtualMachines/{name}[/{action}]
        if (segments.Length is 8 or 9 && segments[6].Equals("virtualMachines", StringComparison.OrdinalIgnoreCase))
        {
            var name = segments[7];
            var call = segments.Length == 9 ? segments[8] : request.Method.Method;
            if (gone.ContainsKey($"{name}/{call}"))
            {
                return Task.FromResult(NotFound(name));
            }

            if (call.Equals("instanceView", StringComparison.OrdinalIgnoreCase) && instanceViews.TryGetValue(name, out var statuses))
            {
                return Task.FromResult(Json(HttpStatusCode.OK, new JsonObject { ["statuses"] = statuses.DeepClone() }));
            }

            if (call.Equals("start", StringComparison.OrdinalIgnoreCase) && request.Method == HttpMethod.Post)
            {
                Started[name] = 0;
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
            }

            if (request.Method == HttpMethod.Patch)
            {
                Patched[name] = 0;
            }
        }

        return base.SendAsync(request, cancellationToken);
    }

    private static HttpResponseMessage Json(HttpStatusCode status, JsonNode body) =>
        new(status) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
}
