using Microsoft.AspNetCore.Http;
using Scaler.Emulators.Arm.Compute;
using Scaler.Emulators.Arm.Json;

namespace Scaler.Emulators.Arm.Resources;

/// <summary>The Microsoft.Resources reads a client makes around compute calls: subscription and resource group.</summary>
internal sealed class ResourceEndpoints(VirtualMachineStore store)
{
    public async Task GetSubscriptionAsync(HttpContext context, string subscriptionId, CancellationToken cancellationToken)
    {
        if (!store.HasSubscription(subscriptionId))
        {
            await new ArmError(StatusCodes.Status404NotFound, "SubscriptionNotFound", $"The subscription '{subscriptionId}' could not be found.")
                .WriteAsync(context, cancellationToken);
            return;
        }

        await context.Response.WriteAsJsonAsync(
            new
            {
                id = $"/subscriptions/{subscriptionId}",
                subscriptionId,
                displayName = "ARM emulator",
                state = "Enabled",
                tenantId = "00000000-0000-0000-0000-000000000000",
            },
            ArmJson.Options,
            cancellationToken);
    }

    public async Task GetResourceGroupAsync(HttpContext context, string subscriptionId, string resourceGroup, CancellationToken cancellationToken)
    {
        if (store.FindResourceGroup(subscriptionId, resourceGroup) is not { } location)
        {
            await new ArmError(StatusCodes.Status404NotFound, "ResourceGroupNotFound", $"Resource group '{resourceGroup}' could not be found.")
                .WriteAsync(context, cancellationToken);
            return;
        }

        await context.Response.WriteAsJsonAsync(
            new
            {
                id = $"/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}",
                name = resourceGroup,
                type = "Microsoft.Resources/resourceGroups",
                location,
                properties = new { provisioningState = "Succeeded" },
            },
            ArmJson.Options,
            cancellationToken);
    }
}
