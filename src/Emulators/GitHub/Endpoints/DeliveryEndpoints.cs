using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Scaler.Emulators.GitHub.Http;
using Scaler.Emulators.GitHub.Json;
using Scaler.Emulators.GitHub.Webhooks;

namespace Scaler.Emulators.GitHub.Endpoints;

/// <summary>The App's webhook deliveries: list (newest first, cursor paging) and redeliver.</summary>
internal static class DeliveryEndpoints
{
    public static void Map(IEndpointRouteBuilder api, EmulatorContext emulator)
    {
        var jwt = new AuthRequirementMetadata(AuthRequirement.AppJwt);

        api.MapGet("/app/hook/deliveries", (HttpContext context) =>
        {
            var perPage = Math.Clamp(Pagination.ReadInt(context, "per_page") ?? 30, 1, 100);
            IEnumerable<WebhookDeliveryInfo> deliveries = emulator.Deliveries.All();
            if (long.TryParse(context.Request.Query["cursor"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var cursor))
            {
                deliveries = deliveries.Where(d => d.Id < cursor);
            }

            var page = deliveries.Take(perPage + 1).ToList();
            if (page.Count > perPage)
            {
                page.RemoveAt(perPage);
                var next = Pagination.Url(context, string.Create(CultureInfo.InvariantCulture, $"per_page={perPage}&cursor={page[^1].Id}"));
                context.Response.Headers.Link = $"<{next}>; rel=\"next\"";
            }

            return Results.Json(page.Select(ToBody).ToList(), GitHubJson.Options);
        }).WithMetadata(jwt);

        api.MapGet("/app/hook/deliveries/{deliveryId:long}", (long deliveryId) =>
            emulator.Deliveries.All().FirstOrDefault(d => d.Id == deliveryId) is { } delivery
                ? Results.Json(ToBody(delivery), GitHubJson.Options)
                : ApiErrors.NotFound()).WithMetadata(jwt);

        api.MapPost("/app/hook/deliveries/{deliveryId:long}/attempts", (long deliveryId) =>
        {
            if (emulator.Deliveries.FindForRedelivery(deliveryId) is not { } pending)
            {
                return ApiErrors.NotFound();
            }

            emulator.Webhooks.Enqueue(pending);
            return Results.Json(new Dictionary<string, string>(), GitHubJson.Options, statusCode: StatusCodes.Status202Accepted);
        }).WithMetadata(jwt);
    }

    private static DeliveryBody ToBody(WebhookDeliveryInfo d) => new(
        d.Id, d.Guid, d.DeliveredAt, d.Redelivery, d.Duration.TotalSeconds, d.Status, d.StatusCode, d.Event, d.Action, d.InstallationId, d.RepositoryId);
}
