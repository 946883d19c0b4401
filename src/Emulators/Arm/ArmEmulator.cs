using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Scaler.Emulators.Arm;

/// <summary>
/// An in-process Azure Resource Manager for Compute: HTTPS with a self-signed certificate (the Azure SDK
/// sends bearer tokens only over TLS), VM create/get/delete/list with long-running operations, scale set
/// get, ARM's validation and errors, simulated boot through an <see cref="Boot.IGuestAgent"/>, faults.
/// </summary>
public sealed partial class ArmEmulator : IAsyncDisposable
{
    private readonly ArmEmulatorOptions options;
    private readonly ArmState state;
    private WebApplication? app;

    public ArmEmulator(ArmEmulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        Faults = new ArmFaults(options.FaultSeed);
        state = new ArmState(options, Faults, Counters);
        Certificate = SelfSignedCertificate.Create(options.Time);
    }

    public Uri BaseUri { get; private set; } = new("https://127.0.0.1/");

    public X509Certificate2 Certificate { get; }

    public ArmFaults Faults { get; }

    public ArmCounters Counters { get; } = new();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(Certificate)));
        var web = builder.Build();
        web.UseRouting();
        web.Use(GuardAsync);
        VirtualMachineEndpoints.Map(web, state);
        web.MapFallback(context => ArmErrors.Error(StatusCodes.Status404NotFound, "NoRegisteredProviderFound", $"{context.Request.Method} {context.Request.Path} is not emulated.").ExecuteAsync(context));
        await web.StartAsync(cancellationToken);
        app = web;
        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUri = new Uri(address.TrimEnd('/') + "/");
    }

    /// <summary>A handler that trusts this emulator's certificate and no other.</summary>
    public HttpMessageHandler CreateTrustingHandler() => new HttpClientHandler
    {
        ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.RawData.AsSpan().SequenceEqual(Certificate.RawData),
    };

    /// <summary>Adds a scale set (Flexible unless said otherwise) that VMs can join.</summary>
    public void AddScaleSet(string resourceId, string location, string orchestrationMode = "Flexible") =>
        state.AddScaleSet(new ScaleSet(resourceId, location, orchestrationMode));

    public IReadOnlyList<EmulatedVm> GetVms() => state.Vms();

    /// <summary>Evicts a Spot VM (eviction policy Delete): it disappears and its guest agent shuts down.</summary>
    public bool Evict(string vmName) => state.Evict(vmName);

    public async ValueTask DisposeAsync()
    {
        state.StopTimers();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        Certificate.Dispose();
    }

    private async Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        var operation = OperationOf(context.Request.Method, context.Request.Path.Value ?? "");
        Counters.Call(operation);
        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || authorization.Length <= 7)
        {
            await ArmErrors.Error(StatusCodes.Status401Unauthorized, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.").ExecuteAsync(context);
            return;
        }

        if (Faults.TakeThrottle(operation) is { } retryAfter)
        {
            Counters.ThrottledOnce();
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await ArmErrors.Error(StatusCodes.Status429TooManyRequests, "TooManyRequests", "The request is being throttled.").ExecuteAsync(context);
            return;
        }

        if (Faults.TakeError(operation) is { } status)
        {
            await ArmErrors.Error(status, "InternalServerError", "An emulated failure occurred.").ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    private static string OperationOf(string method, string path) => path switch
    {
        _ when OperationStatus().IsMatch(path) => "operation.get",
        _ when ScaleSetPath().IsMatch(path) => "vmss.get",
        _ when VmPath().IsMatch(path) => "vm." + method.ToLowerInvariant(),
        _ when VmListPath().IsMatch(path) => "vm.list",
        _ => "other",
    };

    [GeneratedRegex("/operations/[^/]+$", RegexOptions.IgnoreCase)]
    private static partial Regex OperationStatus();

    [GeneratedRegex("/virtualMachineScaleSets/[^/]+$", RegexOptions.IgnoreCase)]
    private static partial Regex ScaleSetPath();

    [GeneratedRegex("/virtualMachines/[^/]+$", RegexOptions.IgnoreCase)]
    private static partial Regex VmPath();

    [GeneratedRegex("/virtualMachines$", RegexOptions.IgnoreCase)]
    private static partial Regex VmListPath();
}
