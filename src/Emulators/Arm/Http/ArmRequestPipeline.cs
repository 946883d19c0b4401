using System.Globalization;
using Microsoft.AspNetCore.Http;
using Scaler.Emulators.Arm.Compute;
using Scaler.Emulators.Arm.Faults;
using Scaler.Emulators.Arm.Json;
using Scaler.Emulators.Arm.Metadata;
using Scaler.Emulators.Arm.Recording;
using Scaler.Emulators.Arm.Throttling;
using Scaler.Emulators.Common;

namespace Scaler.Emulators.Arm.Http;

/// <summary>Endpoint metadata naming the ARM operation a route serves.</summary>
internal sealed record ArmOperationMetadata(ArmOperationKind Kind);

/// <summary>What every request goes through before its handler: bearer token, api-version, the injected faults, ARM's write budget and Compute's throttling.</summary>
internal sealed class ArmRequestPipeline(ArmEmulatorOptions options, ArmFaults faults, ArmCounters counters, ArmOperationLog operations, WriteBudget writeBudget, ComputeThrottle? computeThrottle)
{
    /// <summary>Raised for each authenticated request, before any fault is applied.</summary>
    public event Action<ArmOperationKind>? RequestReceived;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var cancellationToken = context.RequestAborted;

        // The instance metadata is the VM's, not ARM's: no token, api-version check, fault or budget applies.
        if (context.GetEndpoint()?.Metadata.GetMetadata<InstanceMetadataRoute>() is not null)
        {
            await next(context);
            return;
        }

        if (!HasBearerToken(context.Request))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer authorization_uri=\"https://login.microsoftonline.com/common\", error=\"invalid_token\"";
            await new ArmError(StatusCodes.Status401Unauthorized, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.")
                .WriteAsync(context, cancellationToken);
            return;
        }

        if (context.GetEndpoint()?.Metadata.GetMetadata<ArmOperationMetadata>() is not { Kind: var operation })
        {
            await next(context);
            return;
        }

        var apiVersion = context.Request.Query["api-version"].ToString();
        if (string.IsNullOrEmpty(apiVersion))
        {
            await ArmError.BadRequest("MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.")
                .WriteAsync(context, cancellationToken);
            return;
        }

        if (operation.IsCompute() && !options.ApiVersions.Contains(apiVersion))
        {
            await ArmError.BadRequest("NoRegisteredProviderFound", $"No registered resource provider found for api version '{apiVersion}'. The supported api-versions are '{string.Join(", ", options.ApiVersions)}'.")
                .WriteAsync(context, cancellationToken);
            return;
        }

        counters.CountCall(operation);
        operations.Record(ServedArmOperation.For(operation, Route(context, "subscriptionId"), Route(context, "resourceGroup")));
        RequestReceived?.Invoke(operation);
        var fault = faults.Take(operation);
        if (fault.Latency > TimeSpan.Zero)
        {
            await Task.Delay(fault.Latency, options.TimeProvider, cancellationToken);
        }

        if (fault.Answer is { Effect: FaultEffect.Throttle } throttle)
        {
            await ThrottleAsync(context, operation, throttle.RetryAfter, cancellationToken);
            return;
        }

        if (operation.IsWrite())
        {
            var subscriptionId = Route(context, "subscriptionId");
            if (!writeBudget.TryTake(subscriptionId, out var remaining, out var budgetRetryAfter))
            {
                context.Response.Headers["x-ms-ratelimit-remaining-subscription-writes"] = "0";
                await ThrottleAsync(context, operation, budgetRetryAfter, cancellationToken);
                return;
            }

            context.Response.Headers["x-ms-ratelimit-remaining-subscription-writes"] = remaining.ToString(CultureInfo.InvariantCulture);
        }

        // Compute's own policies come after ARM's front door, as the resource provider sees only what ARM let through.
        if (computeThrottle?.Take(operation, Route(context, "subscriptionId"), ResourceId.VirtualMachine(Route(context, "subscriptionId"), Route(context, "resourceGroup"), Route(context, "name"))) is { } decision)
        {
            ComputeThrottleResponse.AddHeaders(context.Response, decision);
            if (!decision.Allowed)
            {
                counters.CountThrottled(operation);
                await ComputeThrottleResponse.WriteThrottledAsync(context, decision, options.TimeProvider.GetUtcNow(), cancellationToken);
                return;
            }
        }

        // An injected error comes after the write budget, as a server error comes after ARM's throttling.
        if (fault.Answer is { Effect: FaultEffect.Error } error)
        {
            counters.CountInjectedError(operation);
            await ArmError.ServerError(error.Status).WriteAsync(context, cancellationToken);
            return;
        }

        context.Response.Headers["x-ms-request-id"] = Guid.NewGuid().ToString();
        await next(context);
    }

    private async Task ThrottleAsync(HttpContext context, ArmOperationKind operation, TimeSpan retryAfter, CancellationToken cancellationToken)
    {
        counters.CountThrottled(operation);
        context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        await new ArmError(StatusCodes.Status429TooManyRequests, "TooManyRequests",
                "The request is being throttled as the limit has been reached for operation type - Write_ObservationWindow. For more information, see - https://aka.ms/throttling.")
            .WriteAsync(context, cancellationToken);
    }

    private static string Route(HttpContext context, string key) => context.Request.RouteValues[key]?.ToString() ?? string.Empty;

    private static bool HasBearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > "Bearer ".Length;
    }
}
