using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using Scaler.Core.Compute;
using Scaler.Core.Telemetry;

namespace Scaler.Functions;

/// <summary>
/// OpenTelemetry in the worker: Scaler's logs (Information and up), its <c>Scaler</c> traces and metrics, and the
/// HTTP calls to GitHub and Azure, exported to Application Insights when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>
/// is set. The resource ingests with the app's managed identity (<c>Azure__ClientId</c>), since the Bicep template
/// turns key authentication off. host.json sets <c>telemetryMode</c> to <c>OpenTelemetry</c>, so the host's
/// request and invocation spans and the worker's spans share one trace.
/// </summary>
public static class FunctionsTelemetry
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    public static IServiceCollection AddScalerTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var telemetry = services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(tracing => tracing.AddSource(JobTrace.SourceName, "System.Net.Http"))
            .WithMetrics(metrics => metrics.AddMeter(ScalerMetrics.MeterName));
        if (!string.IsNullOrWhiteSpace(configuration[ConnectionStringSetting]))
        {
            var azure = configuration.GetSection(AzureOptions.Section).Get<AzureOptions>() ?? new AzureOptions();
            telemetry.UseAzureMonitorExporter(exporter =>
            {
                exporter.ConnectionString = configuration[ConnectionStringSetting];
                if (!string.IsNullOrWhiteSpace(azure.ClientId))
                {
                    exporter.Credential = ArmClientFactory.Credential(azure);
                }
            });
        }

        return services;
    }
}
