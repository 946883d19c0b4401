using System.Text.Json.Nodes;
using Scaler.Emulators.Arm.Compute;

namespace Scaler.Emulators.Arm.Json;

/// <summary>Renders VMs and scale sets as ARM returns them.</summary>
internal static class VirtualMachineJson
{
    /// <summary>The VM as a GET returns it; its userData only when asked for (<c>$expand=userData</c>), as ARM does.</summary>
    public static JsonObject Render(VmRecord vm, DateTimeOffset now, bool expandUserData = false)
    {
        var properties = (JsonObject)vm.Request.Properties.DeepClone();
        if (properties["osProfile"] is JsonObject osProfile)
        {
            // ARM never returns secrets or customData.
            osProfile.Remove("customData");
            osProfile.Remove("adminPassword");
        }

        properties.Remove("userData");
        if (expandUserData && !string.IsNullOrEmpty(vm.UserData))
        {
            properties["userData"] = vm.UserData;
        }

        properties["provisioningState"] = vm.ProvisioningStateAt(now);
        properties["vmId"] = vm.VmId;
        properties["timeCreated"] = vm.CreatedAt.ToString("O");

        var tags = new JsonObject();
        foreach (var (key, value) in vm.Request.Tags)
        {
            tags[key] = value;
        }

        return new JsonObject
        {
            ["name"] = vm.Name,
            ["id"] = vm.ResourceId,
            ["type"] = "Microsoft.Compute/virtualMachines",
            ["location"] = vm.Request.Location,
            ["tags"] = tags,
            ["properties"] = properties,
        };
    }

    public static JsonObject RenderInstanceView(VmRecord vm, DateTimeOffset now)
    {
        var provisioning = vm.ProvisioningStateAt(now);
        var power = vm.PowerStateAt(now);

        return new JsonObject
        {
            ["computerName"] = vm.Request.ComputerName,
            ["osName"] = "ubuntu",
            ["statuses"] = new JsonArray(
                ProvisioningStatus(vm, provisioning),
                new JsonObject
                {
                    ["code"] = $"PowerState/{power}",
                    ["level"] = "Info",
                    ["displayStatus"] = $"VM {power}",
                }),
        };
    }

    /// <summary>As at Azure, a failed create or start names its error: code <c>ProvisioningState/failed/AllocationFailed</c> and its message.</summary>
    private static JsonObject ProvisioningStatus(VmRecord vm, string provisioning)
    {
        var failure = provisioning == "Failed" ? vm.Failure : null;
        var status = new JsonObject
        {
            ["code"] = failure is null ? $"ProvisioningState/{provisioning.ToLowerInvariant()}" : $"ProvisioningState/failed/{failure.Code}",
            ["level"] = provisioning == "Failed" ? "Error" : "Info",
            ["displayStatus"] = $"Provisioning {provisioning.ToLowerInvariant()}",
        };
        if (failure is not null)
        {
            status["message"] = failure.Message;
        }

        return status;
    }

    public static JsonObject Render(EmulatedScaleSet scaleSet) => new()
    {
        ["name"] = scaleSet.Name,
        ["id"] = scaleSet.ResourceId,
        ["type"] = "Microsoft.Compute/virtualMachineScaleSets",
        ["location"] = scaleSet.Location,
        ["properties"] = new JsonObject
        {
            ["orchestrationMode"] = scaleSet.OrchestrationMode.ToString(),
            ["singlePlacementGroup"] = false,
            ["platformFaultDomainCount"] = 1,
            ["provisioningState"] = "Succeeded",
            ["uniqueId"] = Guid.NewGuid().ToString(),
        },
    };
}
