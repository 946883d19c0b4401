using Scaler.Cli.Sandbox;
using Scaler.Emulators.Arm;
using Scaler.Emulators.GitHub;

namespace Scaler.Functions.Tests.Host;

/// <summary>
/// What a Functions app in Azure talks to, on loopback: its storage (Azurite of its own), GitHub and Azure
/// Resource Manager (the emulators), and the host with the platform's identity and ingestion endpoints.
/// <see cref="Environment"/> is the app settings the worker gets, as Azure would set them.
/// </summary>
internal sealed class HostedWorld : IAsyncDisposable
{
    public const string ClientId = "6f0d2b3a-4c4e-4d7b-9a57-0c1f5f1d2e3a";
    public const string InstrumentationKey = "3c1e4b3f-8d2a-4f44-9f0e-5b7a2f1d9c11";

    /// <summary>The sandbox's two pools, with linux-x64 keeping two runners idle or booting, and quick emulated VMs.</summary>
    private static readonly SandboxOptions Options = new()
    {
        LinuxMinIdle = 2,
        ProvisioningDelay = TimeSpan.FromMilliseconds(50),
        BootDelay = TimeSpan.FromMilliseconds(100),
    };

    private readonly EmulatedBackends backends;
    private readonly string certificateFile;

    private HostedWorld(EmulatedBackends backends, FunctionsHostStandIn host)
    {
        this.backends = backends;
        Host = host;
        certificateFile = Path.Combine(Path.GetTempPath(), $"scaler-arm-{Guid.NewGuid():N}.pem");
        File.WriteAllText(certificateFile, backends.Arm.Certificate.ExportCertificatePem() + "\n" + host.Certificate.ExportCertificatePem() + "\n");
    }

    public AzuriteProcess Azurite => backends.Azurite;

    public GitHubEmulator GitHub => backends.GitHub;

    public ArmEmulator Arm => backends.Arm;

    public FunctionsHostStandIn Host { get; }

    public string Secret => backends.Secret;

    public static async Task<HostedWorld> StartAsync(CancellationToken cancellationToken)
    {
        var backends = await EmulatedBackends.StartAsync(Options, cancellationToken);
        var host = await FunctionsHostStandIn.StartAsync(cancellationToken);
        return new HostedWorld(backends, host);
    }

    /// <summary>The app settings as environment variables (<c>__</c> for <c>:</c>) and the platform's variables.</summary>
    public Dictionary<string, string?> Environment()
    {
        var settings = backends.Settings(Options);
        var environment = settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
        environment["Azure__ClientId"] = ClientId;
        environment["IDENTITY_ENDPOINT"] = new Uri(Host.PlatformUri, PlatformEndpoints.IdentityPath).ToString();
        environment["IDENTITY_HEADER"] = Host.Platform.IdentityHeader;
        environment["APPLICATIONINSIGHTS_CONNECTION_STRING"] = $"InstrumentationKey={InstrumentationKey};IngestionEndpoint={Host.IngestionUri.ToString().TrimEnd('/')}";
        environment["APPLICATIONINSIGHTS_STATSBEAT_DISABLED"] = "true";
        // The emulator's and the ingestion endpoint's self-signed certificates are the only trusted roots.
        environment["SSL_CERT_FILE"] = certificateFile;
        return environment;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await backends.DisposeAsync();
        File.Delete(certificateFile);
    }
}
