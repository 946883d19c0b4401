using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Scaler.Emulators.Arm.Boot;
using Scaler.Emulators.Arm.Certificates;
using Scaler.Emulators.Arm.Compute;
using Scaler.Emulators.Arm.Faults;
using Scaler.Emulators.Arm.Http;
using Scaler.Emulators.Arm.Json;
using Scaler.Emulators.Arm.Metadata;
using Scaler.Emulators.Arm.Operations;
using Scaler.Emulators.Arm.Recording;
using Scaler.Emulators.Arm.Resources;
using Scaler.Emulators.Arm.Throttling;
using Scaler.Emulators.Arm.Timing;
using Scaler.Emulators.Common;

namespace Scaler.Emulators.Arm;

/// <summary>
/// An in-process Azure Resource Manager for Microsoft.Compute VMs in Flexible scale sets, served over HTTPS on loopback.
/// Start one with <see cref="StartAsync"/>.
/// </summary>
public sealed class ArmEmulator : IEmulator<ArmEmulator, ArmEmulatorOptions, ArmOperationKind>
{
    private const string ComputeRoot = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.Compute";

    private readonly WebApplication app;
    private readonly ArmEmulatorOptions options;
    private readonly VirtualMachineStore store;
    private readonly LongRunningOperations operations;
    private readonly GuestLifecycle guests;
    private readonly ArmRequestPipeline pipeline;

    private ArmEmulator(WebApplication app, ArmEmulatorOptions options, X509Certificate2 certificate, VirtualMachineStore store,
        LongRunningOperations operations, GuestLifecycle guests, ArmRequestPipeline pipeline, ArmFaults faults, ArmCounters counters, ArmOperationLog served)
    {
        this.pipeline = pipeline;
        this.app = app;
        this.options = options;
        Certificate = certificate;
        this.store = store;
        this.operations = operations;
        this.guests = guests;
        Faults = faults;
        Counters = counters;
        ServedOperations = served;
        BaseUri = new Uri("https://127.0.0.1/");
    }

    /// <summary>The root to give <c>ArmEnvironment</c>, such as <c>https://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseUri { get; private set; }

    /// <summary>The self-signed certificate the emulator serves, created when it started.</summary>
    public X509Certificate2 Certificate { get; }

    public ArmFaults Faults { get; }

    public ArmCounters Counters { get; }

    RequestFaults<ArmOperationKind> IEmulator<ArmEmulator, ArmEmulatorOptions, ArmOperationKind>.Faults => Faults;

    RequestCounters<ArmOperationKind> IEmulator<ArmEmulator, ArmEmulatorOptions, ArmOperationKind>.Counters => Counters;

    /// <summary>The timings in force; <see cref="ArmTimingProfile.ToProfileTime"/> turns a measured duration into profile time.</summary>
    public ArmTimingProfile Timing => options.EffectiveTiming;

    /// <summary>The kinds of ARM operation served (method, resource type, action, scope), for checking a role grants them.</summary>
    public ArmOperationLog ServedOperations { get; }

    /// <summary>Every VM created, deleted and evicted, and every power change (deallocated, started, powered off), with the emulator's
    /// time and its place in the event sequence.</summary>
    public VmHistory History { get; private init; } = null!;

    /// <summary>Raised with (operation id, status) each time a client polls an asynchronous operation.</summary>
    public event Action<string, string>? OperationPolled
    {
        add => operations.Polled += value;
        remove => operations.Polled -= value;
    }

    /// <summary>Raised for each authenticated request to a served route, before any fault is applied.</summary>
    public event Action<ArmOperationKind>? RequestReceived
    {
        add => pipeline.RequestReceived += value;
        remove => pipeline.RequestReceived -= value;
    }

    /// <summary>Starts an emulator on a free loopback port with a new self-signed certificate; it serves once this completes.</summary>
    public static async Task<ArmEmulator> StartAsync(ArmEmulatorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var certificate = SelfSignedCertificate.Create(DateTimeOffset.UtcNow);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();

        var history = new VmHistory(options.Sequence);
        var store = new VirtualMachineStore(history);
        var faults = new ArmFaults(options.FaultSeed);
        var counters = new ArmCounters();
        var operations = new LongRunningOperations(options.TimeProvider);
        var timings = new TimingDraws(options.EffectiveTiming, options.TimingSeed);
        var metadata = new InstanceMetadataClient(new HttpClient(SelfSignedCertificate.CreateTrustingHandler(certificate)));
        var guests = new GuestLifecycle(options.GuestAgent, store, faults, counters, options.TimeProvider, timings, metadata);
        var endpoints = new VirtualMachineEndpoints(store, operations, faults, counters, guests, timings, options);
        var served = new ArmOperationLog();
        var pipeline = new ArmRequestPipeline(options, faults, counters, served, new WriteBudget(options.TimeProvider, options.WriteBurst, options.WriteRefillPerSecond),
            options.ComputeThrottling is { } policy ? new ComputeThrottle(policy, options.TimeProvider) : null);

        app.UseRouting();
        app.Use(pipeline.InvokeAsync);
        MapRoutes(app, endpoints, new ResourceEndpoints(store), operations);
        MapInstanceMetadata(app, new InstanceMetadataEndpoints(store, counters, options.TimeProvider));

        var emulator = new ArmEmulator(app, options, certificate, store, operations, guests, pipeline, faults, counters, served) { History = history };
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        emulator.BaseUri = new Uri($"https://127.0.0.1:{new Uri(address).Port}/");
        metadata.BaseUri = emulator.BaseUri;
        return emulator;
    }

    /// <summary>A handler that trusts this emulator's certificate, for <c>HttpClientTransport</c>.</summary>
    public HttpMessageHandler CreateTrustingHandler() => SelfSignedCertificate.CreateTrustingHandler(Certificate);

    /// <summary>
    /// The root that stands for <c>http://169.254.169.254/</c> inside the VM <paramref name="vmName"/>: its instance metadata is
    /// under it, such as <c>metadata/instance/compute/userData?api-version=2021-01-01&amp;format=text</c> (header <c>Metadata: true</c>).
    /// </summary>
    public Uri InstanceMetadataUri(string vmName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(vmName);
        return InstanceMetadataUris.Root(BaseUri, vmName);
    }

    /// <summary>Seeds a scale set that VMs may join, such as
    /// <c>/subscriptions/S/resourceGroups/RG/providers/Microsoft.Compute/virtualMachineScaleSets/NAME</c>.</summary>
    public EmulatedScaleSet AddScaleSet(string resourceId, string location, ScaleSetOrchestrationMode orchestrationMode = ScaleSetOrchestrationMode.Flexible)
    {
        var parsed = ResourceId.TryParse(resourceId);
        if (parsed is null || !parsed.IsScaleSet)
        {
            throw new ArgumentException($"'{resourceId}' is not a virtual machine scale set resource id.", nameof(resourceId));
        }

        var scaleSet = new EmulatedScaleSet(parsed.Canonical, parsed.Name, parsed.ResourceGroup, location, orchestrationMode);
        store.AddResourceGroup(parsed.SubscriptionId, parsed.ResourceGroup, location);
        store.AddScaleSet(scaleSet);
        return scaleSet;
    }

    /// <summary>Seeds a resource group (scale sets seed theirs), so that GETs of it and its subscription succeed.</summary>
    public void AddResourceGroup(string subscriptionId, string resourceGroup, string location) =>
        store.AddResourceGroup(subscriptionId, resourceGroup, location);

    /// <summary>Every VM that exists now, oldest first.</summary>
    public IReadOnlyList<EmulatedVm> VirtualMachines => store.Snapshots(options.TimeProvider.GetUtcNow());

    public EmulatedVm? FindVirtualMachine(string name)
    {
        var now = options.TimeProvider.GetUtcNow();
        return store.FindByName(name, now) is { } vm ? store.Snapshot(vm, now) : null;
    }

    /// <summary>
    /// Completes when the VM's guest has booted, failed to boot, powered itself off (an empty userData at boot), or was
    /// skipped because the VM went away or stopped. A start begins a new boot: called after it, this waits for that one.
    /// </summary>
    public Task<BootState> WaitForBootAsync(string vmName, CancellationToken cancellationToken)
    {
        var vm = store.FindByName(vmName, options.TimeProvider.GetUtcNow())
            ?? throw new InvalidOperationException($"No VM named '{vmName}' exists.");
        return store.Read(vm, v => v.BootSettled).Task.WaitAsync(cancellationToken);
    }

    /// <summary>Evicts a Spot VM as Azure would: after the profile's eviction notice, with eviction policy Delete it disappears,
    /// with Deallocate it stops. The guest agent's shutdown is awaited. A deallocated VM with policy Delete disappears at once.</summary>
    public async Task EvictAsync(string vmName, CancellationToken cancellationToken)
    {
        var vm = store.FindByName(vmName, options.TimeProvider.GetUtcNow()) ?? throw new InvalidOperationException($"No VM named '{vmName}' exists.");
        if (!"Spot".Equals(vm.Request.Priority, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"VM '{vmName}' is not a Spot VM and cannot be evicted.");
        }

        // Azure warns a Spot VM through Scheduled Events before it takes it back; the VM keeps running meanwhile. A deallocated
        // VM has no guest to warn: with eviction policy Delete it goes at once, with Deallocate nothing changes.
        if (store.Read(vm, v => v.StateAt(options.TimeProvider.GetUtcNow())) == VmState.Deallocated)
        {
            if (!"Deallocate".Equals(vm.Request.EvictionPolicy, StringComparison.OrdinalIgnoreCase))
            {
                store.Evict(vm.ResourceId, options.TimeProvider.GetUtcNow());
                Counters.CountEvicted();
            }

            return;
        }

        if (Timing.EvictionNotice > TimeSpan.Zero)
        {
            await Task.Delay(Timing.EvictionNotice, options.TimeProvider, cancellationToken);
        }

        var now = options.TimeProvider.GetUtcNow();
        if ("Deallocate".Equals(vm.Request.EvictionPolicy, StringComparison.OrdinalIgnoreCase))
        {
            var deallocated = store.ChangePower(vm, now, v => v.Deallocate());
            if (!deallocated)
            {
                return;
            }
        }
        else
        {
            store.Evict(vm.ResourceId, now);
        }

        Counters.CountEvicted();
        await guests.ShutdownAsync(vm, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await guests.DisposeAsync();
        await app.StopAsync();
        await app.DisposeAsync();
        Certificate.Dispose();
    }

    private static void MapInstanceMetadata(WebApplication app, InstanceMetadataEndpoints metadata) =>
        app.MapGet(InstanceMetadataEndpoints.UserDataRoute, c => metadata.GetUserDataAsync(c, c.Request.RouteValues["vmName"]?.ToString() ?? string.Empty, c.RequestAborted))
            .WithMetadata(new InstanceMetadataRoute());

    private static void MapRoutes(WebApplication app, VirtualMachineEndpoints endpoints, ResourceEndpoints resources, LongRunningOperations operations)
    {
        static string Route(HttpContext context, string key) => context.Request.RouteValues[key]?.ToString() ?? string.Empty;

        var vm = ComputeRoot + "/virtualMachines/{name}";
        app.MapPut(vm, c => endpoints.PutAsync(c, Route(c, "subscriptionId"), Route(c, "resourceGroup"), Route(c, "name"), c.RequestAborted))
            .WithMetadata(new ArmOperationMetadata(ArmOperationKind.CreateOrUpdateVirtualMachine));
        app.MapGet(vm, c => endpoints.GetAsync(c, Route(c, "subscriptionId"), Route(c, "resourceGroup"), Route(c, "name"), c.RequestAborted))
            .WithMetadata(new ArmOperationMetadata(ArmOperationKind.GetVirtualMachine));
        app.MapGet(vm + "/instanceView", c => endpoints.GetInstanceViewAsync(c, Route(c, "subscriptionId"), Route(c, "resourceGroup"), Route(c, "name"), c.RequestAborted))
            .WithMetadata(new ArmOperationMetadata(ArmOperationKind.GetVirtualMachineInstanceView));
        app.MapMethods(vm, [HttpMethods.Patch], c => endpoints.PatchAsync(c, Route(c, "subscriptionId"), Route(c, "resourceGroup"), Route(c, "name"), c.RequestAborted))
            .WithMetadata(new ArmOperationMetadata(ArmOperationKind.UpdateVirtualMachine));
        app.MapPost(vm + "/deallocate", c => endpoints.DeallocateAsync(c, Route(c, "subscriptionId"), Route(c, "resourceGroup"), Route(c, "name"), c.RequestAborted))
            .WithMetadata(new ArmOperationMetadata(ArmOperationKind.DeallocateVirtualMachine));
        app.MapPost(vm + "/start", c => endpoints.StartAsync(c, Route(c, "subscriptionId"), Route(c, "resourceGroup"), Route(c, "name"), c.RequestAborted))
            .WithMetadata(new ArmOperationMetadata(ArmOperationKind.StartVirtualMachine));
        app.MapDelete(vm, c => endpoints.DeleteAsync(c, Route(c, "subscriptionId"), Route(c, "resourceGroup"), Route(c, "name")))
            .WithMetadata(new ArmOperationMetadata(ArmOperationKind.DeleteVirtualMachine));
        app.MapGet(ComputeRoot + "/virtualMachines", c => endpoints.ListAsync(c, Route(c, "subscriptionId"), Route(c, "resourceGroup"), c.RequestAborted))
            .WithMetadata(new ArmOperationMetadata(ArmOperationKind.ListVirtualMachines));
        app.MapGet(ComputeRoot + "/virtualMachineScaleSets/{name}", c => endpoints.GetScaleSetAsync(c, Route(c, "subscriptionId"), Route(c, "resourceGroup"), Route(c, "name"), c.RequestAborted))
            .WithMetadata(new ArmOperationMetadata(ArmOperationKind.GetScaleSet));
        app.MapGet("/subscriptions/{subscriptionId}/providers/Microsoft.Compute/locations/{location}/operations/{operationId}",
                c => operations.HandleGetAsync(c, Route(c, "operationId"), c.RequestAborted))
            .WithMetadata(new ArmOperationMetadata(ArmOperationKind.GetOperationStatus));
        app.MapGet("/subscriptions/{subscriptionId}", c => resources.GetSubscriptionAsync(c, Route(c, "subscriptionId"), c.RequestAborted))
            .WithMetadata(new ArmOperationMetadata(ArmOperationKind.GetSubscription));
        app.MapGet("/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}", c => resources.GetResourceGroupAsync(c, Route(c, "subscriptionId"), Route(c, "resourceGroup"), c.RequestAborted))
            .WithMetadata(new ArmOperationMetadata(ArmOperationKind.GetResourceGroup));
        app.MapFallback(c => new ArmError(StatusCodes.Status404NotFound, "NotFound",
                $"The ARM emulator does not serve '{c.Request.Method} {c.Request.Path}'.")
            .WriteAsync(c, c.RequestAborted));
    }
}
