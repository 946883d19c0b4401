using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scaler.Core;
using Scaler.Core.Convergence;
using Scaler.Core.Intake;
using Scaler.Core.Jobs;
using Scaler.Core.Storage;

namespace Scaler.Cli.Hosting;

/// <summary>How a <c>scaler serve</c> process runs.</summary>
public sealed class ServeOptions
{
    public IReadOnlyList<string> Urls { get; init; } = ["http://127.0.0.1:7071"];

    public ServeRoles Roles { get; init; } = ServeRoles.All;

    public TimeSpan ReconcilePeriod { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The Functions host's queue settings (host.json) by default.</summary>
    public JobQueuePumpOptions Queue { get; init; } = new();
}

/// <summary>
/// Self-host mode: the same Core services as the Functions app, on ASP.NET Core. The webhook is at the same
/// route; the queue consumer and the reconcile timer run as hosted services.
/// </summary>
public static class ServeHost
{
    public const string WebhookRoute = "/api/github/webhook";

    /// <param name="configure">Runs before Scaler's registrations, so what it registers wins (emulator clients, fakes).</param>
    public static WebApplication Build(IConfiguration settings, ServeOptions options, Action<IServiceCollection>? configure = null, Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddConfiguration(settings);
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.Logging.ClearProviders();
        (logging ?? (l => l.AddSimpleConsole(c => c.SingleLine = true)))(builder.Logging);
        configure?.Invoke(builder.Services);
        builder.Services.AddScalerProcessing(settings);
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<IntakeOptions>>((kestrel, intake) => WebhookKestrelLimits.Apply(kestrel.Limits, intake.Value));
        if (options.Roles.HasFlag(ServeRoles.Jobs))
        {
            builder.Services.AddSingleton(sp =>
            {
                var account = sp.GetRequiredService<StorageAccount>();
                return new JobQueuePump(
                    account.Queue(StorageJobQueue.QueueName),
                    account.Queue(JobQueuePump.PoisonQueueName),
                    sp.GetRequiredService<JobProcessor>(),
                    options.Queue,
                    sp.GetRequiredService<TimeProvider>(),
                    sp.GetRequiredService<ILogger<JobQueuePump>>());
            });
            builder.Services.AddHostedService<JobQueueService>();
        }

        if (options.Roles.HasFlag(ServeRoles.Timers))
        {
            builder.Services.AddSingleton(sp => new ReconcileService(sp.GetRequiredService<Reconciler>(), sp.GetRequiredService<TimeProvider>(), options.ReconcilePeriod, sp.GetRequiredService<ILogger<ReconcileService>>()));
            builder.Services.AddHostedService(sp => sp.GetRequiredService<ReconcileService>());
        }

        var app = builder.Build();
        if (options.Roles.HasFlag(ServeRoles.Intake))
        {
            app.MapPost(WebhookRoute, async (HttpRequest request, WebhookIntake intake, CancellationToken cancellationToken) =>
            {
                var result = await intake.AcceptAsync(WebhookRequest.From(name => request.Headers[name], request.ContentLength, request.Body), cancellationToken);
                if (result.RetryAfterHeader is { } retryAfter)
                {
                    request.HttpContext.Response.Headers.RetryAfter = retryAfter;
                }

                return Results.Json(result.Response, WebhookJson.Default.IntakeResponse, statusCode: result.StatusCode);
            });
        }

        app.MapGet("/healthz", () => Results.Text("ok"));
        return app;
    }
}
