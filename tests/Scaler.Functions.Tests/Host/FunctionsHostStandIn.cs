using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Scaler.Functions.Tests.Host;

/// <summary>
/// The Azure Functions host's side of a worker, on loopback: the <c>FunctionRpc</c> gRPC service the worker
/// dials (HTTP/2 without TLS, as the host serves it), and what the platform gives an app on Flex Consumption:
/// the managed identity endpoint (<c>IDENTITY_ENDPOINT</c>, App Service protocol) and an Application Insights
/// ingestion endpoint.
/// </summary>
internal sealed class FunctionsHostStandIn : IAsyncDisposable
{
    private readonly WebApplication app;

    private FunctionsHostStandIn(WebApplication app, WorkerStream stream, PlatformEndpoints platform, X509Certificate2 certificate)
    {
        Certificate = certificate;
        this.app = app;
        Stream = stream;
        Platform = platform;
    }

    public WorkerStream Stream { get; }

    public PlatformEndpoints Platform { get; }

    /// <summary>The host's gRPC address, as it passes it to the worker in <c>--functions-uri</c>.</summary>
    public Uri GrpcUri { get; private set; } = null!;

    /// <summary>The managed identity endpoint's base address (plain HTTP on loopback, as App Service serves it).</summary>
    public Uri PlatformUri { get; private set; } = null!;

    /// <summary>The ingestion endpoint's base address: HTTPS, since the exporter sends bearer tokens over TLS only.</summary>
    public Uri IngestionUri { get; private set; } = null!;

    /// <summary>The ingestion endpoint's self-signed certificate, which the worker must trust.</summary>
    public X509Certificate2 Certificate { get; }

    public static async Task<FunctionsHostStandIn> StartAsync(CancellationToken cancellationToken)
    {
        var certificate = CreateCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1);
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate));
        });
        var stream = new WorkerStream();
        var platform = new PlatformEndpoints();
        builder.Services.AddGrpc(grpc => grpc.MaxReceiveMessageSize = null);
        builder.Services.AddSingleton(stream);
        var app = builder.Build();
        app.MapGrpcService<FunctionRpcService>();
        platform.Map(app);
        await app.StartAsync(cancellationToken);

        var addresses = app.Urls.Select(u => new Uri(u)).ToList();
        return new FunctionsHostStandIn(app, stream, platform, certificate)
        {
            // Kestrel lists its addresses in the order the endpoints were configured.
            GrpcUri = addresses[0],
            PlatformUri = addresses[1],
            IngestionUri = addresses[2],
        };
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Certificate.Dispose();
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Functions host stand-in", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }
}
