using Microsoft.AspNetCore.Http;
using Scaler.Emulators.Arm.Compute;
using Scaler.Emulators.Arm.Faults;

namespace Scaler.Emulators.Arm.Metadata;

/// <summary>Endpoint metadata of the instance metadata routes: no ARM token, api-version or fault applies to them.</summary>
internal sealed record InstanceMetadataRoute;

/// <summary>
/// The Azure Instance Metadata Service as one VM sees it, at <c>/_imds/{vmName}/metadata/...</c> on the emulator's listener.
/// Real IMDS (<c>http://169.254.169.254/metadata/...</c>) knows the VM by the caller's link-local address; the emulator has
/// one listener for every VM, so the path names the VM instead.
/// </summary>
internal sealed class InstanceMetadataEndpoints(VirtualMachineStore store, ArmCounters counters, TimeProvider timeProvider)
{
    /// <summary>The path of a VM's userData, under the emulator's root.</summary>
    public const string UserDataRoute = "/_imds/{vmName}/metadata/instance/compute/userData";

    /// <summary>
    /// <c>GET .../metadata/instance/compute/userData?api-version=2021-01-01&amp;format=text</c> with <c>Metadata: true</c>: the
    /// VM's userData as ARM holds it (base64), empty when it has none. Counts the read on the VM.
    /// </summary>
    public async Task GetUserDataAsync(HttpContext context, string vmName, CancellationToken cancellationToken)
    {
        // IMDS refuses requests without the header, so that a request forwarded by a proxy cannot read it.
        if (!string.Equals(context.Request.Headers["Metadata"].ToString(), "true", StringComparison.OrdinalIgnoreCase))
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Bad request. Required metadata header not specified", cancellationToken);
            return;
        }

        if (string.IsNullOrEmpty(context.Request.Query["api-version"].ToString()))
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Bad request. api-version was not specified in the request. For more information refer to aka.ms/azureimds", cancellationToken);
            return;
        }

        var vm = store.FindByName(vmName, timeProvider.GetUtcNow());
        if (vm is null)
        {
            await WriteErrorAsync(context, StatusCodes.Status404NotFound, "Not found", cancellationToken);
            return;
        }

        var userData = store.Read(vm, v =>
        {
            v.UserDataReads++;
            return v.UserData ?? string.Empty;
        });
        counters.CountUserDataRead();
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(userData, cancellationToken);
    }

    private static async Task WriteErrorAsync(HttpContext context, int status, string error, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(new { error }, cancellationToken);
    }
}
