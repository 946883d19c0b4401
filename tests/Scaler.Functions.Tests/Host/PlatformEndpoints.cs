using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Scaler.Functions.Tests.Host;

/// <summary>
/// What Flex Consumption gives an app besides the host: a managed identity endpoint in the App Service protocol
/// (<c>GET {IDENTITY_ENDPOINT}?resource=…&amp;client_id=…</c> with the <c>X-IDENTITY-HEADER</c> secret) and the
/// Application Insights ingestion API (<c>POST /v2.1/track</c>, gzip-compressed JSON lines, one telemetry item each).
/// </summary>
internal sealed class PlatformEndpoints
{
    public const string IdentityPath = "/msi/token";

    /// <summary>The secret the platform puts in <c>IDENTITY_HEADER</c>; a token request without it is refused.</summary>
    public string IdentityHeader { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The audiences tokens were issued for, with the client id asked for.</summary>
    public ConcurrentQueue<(string Resource, string? ClientId)> TokensIssued { get; } = new();

    /// <summary>Every telemetry item ingested.</summary>
    public ConcurrentQueue<JsonObject> Telemetry { get; } = new();

    /// <summary>The bearer tokens the ingestion requests carried.</summary>
    public ConcurrentQueue<string?> IngestionAuthorization { get; } = new();

    public void Map(WebApplication app)
    {
        app.MapGet(IdentityPath, (HttpRequest request) =>
        {
            if (request.Headers["X-IDENTITY-HEADER"] != IdentityHeader)
            {
                return Results.Json(new { error = "invalid_request", error_description = "X-IDENTITY-HEADER is missing or wrong" }, statusCode: 400);
            }

            var resource = request.Query["resource"].ToString();
            var clientId = request.Query["client_id"].FirstOrDefault();
            TokensIssued.Enqueue((resource, clientId));
            var expires = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Json(new { access_token = "stand-in-" + Guid.NewGuid().ToString("N"), expires_on = expires, resource, token_type = "Bearer", client_id = clientId });
        });

        app.MapPost("/v2.1/track", async (HttpRequest request) =>
        {
            IngestionAuthorization.Enqueue(request.Headers.Authorization.FirstOrDefault());
            Stream body = request.Body;
            if (request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
            {
                body = new GZipStream(request.Body, CompressionMode.Decompress);
            }

            using var reader = new StreamReader(body);
            var received = 0;
            while (await reader.ReadLineAsync() is { } line)
            {
                if (!string.IsNullOrWhiteSpace(line) && JsonNode.Parse(line) is JsonObject item)
                {
                    Telemetry.Enqueue(item);
                    received++;
                }
            }

            return Results.Json(new { itemsReceived = received, itemsAccepted = received, errors = Array.Empty<object>() });
        });
    }
}
