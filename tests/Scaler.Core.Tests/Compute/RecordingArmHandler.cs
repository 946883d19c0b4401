using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Scaler.Core.Tests.Compute;

/// <summary>
/// In front of <see cref="InMemoryArmHandler"/>: records every request as it reached ARM (method and URI, query
/// included) and answers the requests a test picks with a response of its own, as ARM does when a VM goes away
/// between two calls.
/// </summary>
internal sealed class RecordingArmHandler(InMemoryArmHandler arm) : DelegatingHandler(arm)
{
    private readonly ConcurrentQueue<(HttpMethod Method, Uri Uri)> requests = new();
    private readonly List<(Func<HttpRequestMessage, bool> When, Func<HttpResponseMessage> Answer)> answers = [];

    /// <summary>Every request sent, in order.</summary>
    public IReadOnlyList<(HttpMethod Method, Uri Uri)> Requests => [.. requests];

    /// <summary>Requests that match <paramref name="when"/> get <paramref name="answer"/> instead of reaching ARM.</summary>
    public void Answer(Func<HttpRequestMessage, bool> when, Func<HttpResponseMessage> answer) => answers.Add((when, answer));

    /// <summary>ARM's 404 for a VM that is not there (any more).</summary>
    public static HttpResponseMessage NotFound(string vmName) =>
        Error(HttpStatusCode.NotFound, "ResourceNotFound", $"The Resource 'Microsoft.Compute/virtualMachines/{vmName}' was not found.");

    public static HttpResponseMessage Error(HttpStatusCode status, string code, string message) =>
        new(status)
        {
            Content = new StringContent(
                new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }.ToJsonString(),
                Encoding.UTF8,
                "application/json"),
        };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        requests.Enqueue((request.Method, request.RequestUri!));
        foreach (var (when, answer) in answers)
        {
            if (when(request))
            {
                return Task.FromResult(answer());
            }
        }

        return base.SendAsync(request, cancellationToken);
    }
}
