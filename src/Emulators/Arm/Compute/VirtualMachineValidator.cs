using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Scaler.Emulators.Arm.Json;

namespace Scaler.Emulators.Arm.Compute;

/// <summary>The checks ARM and Compute make on a VM PUT before accepting it.</summary>
internal static partial class VirtualMachineValidator
{
    public const int MaxCustomDataLength = 65536;

    public static ArmError? ValidateName(string name) =>
        LinuxName().IsMatch(name)
            ? null
            : new ArmError(StatusCodes.Status400BadRequest, "InvalidResourceName",
                $"The resource name '{name}' is invalid. A Linux virtual machine name must be 1-64 characters long, contain only letters, digits and hyphens, and must not start or end with a hyphen.");

    public static ArmError? ValidateBody(VirtualMachineRequest request, out string? decodedCustomData)
    {
        decodedCustomData = null;
        if (request.ComputerName is { } computerName && !LinuxName().IsMatch(computerName))
        {
            return Invalid("osProfile.computerName",
                "Linux host name cannot exceed 64 characters in length or contain the following characters: ` ~ ! @ # $ % ^ & * ( ) = + _ [ ] { } \\ | ; : ' \" , < > / ?.");
        }

        if (request.CustomData is { } customData)
        {
            if (customData.Length > MaxCustomDataLength)
            {
                return Invalid("osProfile.customData",
                    $"Custom data in OSProfile must be in Base64 encoding and with a maximum length of {MaxCustomDataLength} characters.");
            }

            var bytes = new byte[customData.Length];
            if (!Convert.TryFromBase64String(customData, bytes, out var written))
            {
                return Invalid("osProfile.customData", "Custom data in OSProfile must be in Base64 encoding.");
            }

            decodedCustomData = Encoding.UTF8.GetString(bytes, 0, written);
        }

        if (ValidateUserData(request.UserData) is { } userDataError)
        {
            return userDataError;
        }

        if ("Spot".Equals(request.Priority, StringComparison.OrdinalIgnoreCase) && string.IsNullOrEmpty(request.EvictionPolicy))
        {
            return Invalid("evictionPolicy", "Eviction policy must be specified for a virtual machine with Spot priority.");
        }

        if (request.MaxPrice is { } maxPrice && maxPrice != -1 && maxPrice <= 0)
        {
            return Invalid("billingProfile.maxPrice", "Max price must be -1 or greater than zero.");
        }

        return null;
    }

    /// <summary>Checks <c>properties.userData</c> as on a PUT or PATCH: base64 and at most 65,536 characters (empty clears it).</summary>
    public static ArmError? ValidateUserData(string? userData)
    {
        if (string.IsNullOrEmpty(userData))
        {
            return null;
        }

        if (userData.Length > MaxCustomDataLength)
        {
            return Invalid("userData", $"User data must be in Base64 encoding and with a maximum length of {MaxCustomDataLength} characters.");
        }

        return Convert.TryFromBase64String(userData, new byte[userData.Length], out _)
            ? null
            : Invalid("userData", "User data must be in Base64 encoding.");
    }

    /// <summary>Checks <c>properties.virtualMachineScaleSet.id</c>: same subscription and resource group, existing, Flexible.</summary>
    public static ArmError? ValidateScaleSet(string subscriptionId, string resourceGroup, string? scaleSetId, VirtualMachineStore store)
    {
        if (scaleSetId is null)
        {
            return null;
        }

        var parsed = ResourceId.TryParse(scaleSetId);
        if (parsed is null || !parsed.IsScaleSet)
        {
            return Invalid("virtualMachineScaleSet.id", $"The value '{scaleSetId}' of parameter 'virtualMachineScaleSet.id' is not a valid virtual machine scale set resource id.");
        }

        if (!parsed.SubscriptionId.Equals(subscriptionId, StringComparison.OrdinalIgnoreCase)
            || !parsed.ResourceGroup.Equals(resourceGroup, StringComparison.OrdinalIgnoreCase))
        {
            return Invalid("virtualMachineScaleSet.id", "The virtual machine and the virtual machine scale set it joins must be in the same subscription and resource group.");
        }

        var scaleSet = store.FindScaleSet(parsed.Canonical);
        if (scaleSet is null)
        {
            return ArmError.NotFound("Microsoft.Compute/virtualMachineScaleSets", parsed.Name, parsed.ResourceGroup);
        }

        return scaleSet.OrchestrationMode == ScaleSetOrchestrationMode.Flexible
            ? null
            : new ArmError(StatusCodes.Status400BadRequest, "OperationNotAllowed",
                $"Virtual machine scale set '{scaleSet.Name}' uses Uniform orchestration mode; only scale sets in Flexible orchestration mode accept individually created virtual machines.");
    }

    private static ArmError Invalid(string target, string message) =>
        new(StatusCodes.Status400BadRequest, "InvalidParameter", $"{message} Target: '{target}'.");

    [GeneratedRegex(@"^(?=.{1,64}$)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$")]
    private static partial Regex LinuxName();
}
