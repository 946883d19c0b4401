using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Scaler.Emulators.Arm.Json;

namespace Scaler.Emulators.Arm.Operations;

/// <summary>One asynchronous ARM operation: in progress until <see cref="CompletesAt"/>, then succeeded or failed.</summary>
internal sealed record LongRunningOperation(string Id, string SubscriptionId, string Location, DateTimeOffset StartedAt, DateTimeOffset CompletesAt, ArmError? Failure)
{
    public string StatusAt(DateTimeOffset now) =>
        now < CompletesAt ? "InProgress" : Failure is null ? "Succeeded" : "Failed";
}

/// <summary>Tracks operations and answers the Azure-AsyncOperation and Location polling URLs.</summary>
internal sealed class LongRunningOperations(TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, LongRunningOperation> operations = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Raised with the operation id and the status reported, each time a client polls.</summary>
    public event Action<string, string>? Polled;

    public LongRunningOperation Start(string subscriptionId, string location, DateTimeOffset completesAt, ArmError? failure)
    {
        var operation = new LongRunningOperation(
            Guid.NewGuid().ToString(), subscriptionId, location, timeProvider.GetUtcNow(), completesAt, failure);
        operations[operation.Id] = operation;
        return operation;
    }

    /// <summary>Adds the polling headers for <paramref name="operation"/> to a 201/202 response.</summary>
    public static void AddPollingHeaders(HttpContext context, LongRunningOperation operation, string apiVersion, bool includeLocation)
    {
        var path = $"/subscriptions/{operation.SubscriptionId}/providers/Microsoft.Compute/locations/{operation.Location}/operations/{operation.Id}";
        var baseUri = $"{context.Request.Scheme}://{context.Request.Host}";
        context.Response.Headers["Azure-AsyncOperation"] = $"{baseUri}{path}?api-version={apiVersion}";
        if (includeLocation)
        {
            context.Response.Headers.Location = $"{baseUri}{path}?monitor=true&api-version={apiVersion}";
        }
    }

    public async Task HandleGetAsync(HttpContext context, string operationId, CancellationToken cancellationToken)
    {
        if (!operations.TryGetValue(operationId, out var operation))
        {
            await new ArmError(StatusCodes.Status404NotFound, "NotFound", $"The operation '{operationId}' was not found.")
                .WriteAsync(context, cancellationToken);
            return;
        }

        var now = timeProvider.GetUtcNow();
        var status = operation.StatusAt(now);
        Polled?.Invoke(operation.Id, status);

        if (context.Request.Query.ContainsKey("monitor"))
        {
            if (status == "InProgress")
            {
                context.Response.StatusCode = StatusCodes.Status202Accepted;
                context.Response.Headers.Location = context.Request.GetEncodedUrlForPolling();
                return;
            }

            if (operation.Failure is not null)
            {
                await operation.Failure.WriteAsync(context, cancellationToken);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        await context.Response.WriteAsJsonAsync(
            new
            {
                name = operation.Id,
                status,
                startTime = operation.StartedAt,
                endTime = status == "InProgress" ? (DateTimeOffset?)null : operation.CompletesAt,
                error = status == "Failed" ? operation.Failure?.ToDetail() : null,
            },
            ArmJson.Options,
            cancellationToken);
    }
}

internal static class PollingUrlExtensions
{
    public static string GetEncodedUrlForPolling(this HttpRequest request) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}";
}
