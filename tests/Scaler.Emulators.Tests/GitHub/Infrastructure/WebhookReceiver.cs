using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Scaler.Emulators.Tests.GitHub.Infrastructure;

public sealed record ReceivedWebhook(string Event, string Delivery, string Signature, string UserAgent, string ContentType, byte[] Body);

/// <summary>A loopback Kestrel server that records every webhook it receives.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly Channel<ReceivedWebhook> received = Channel.CreateUnbounded<ReceivedWebhook>();
    private WebApplication? app;

    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Status code answered to the next requests; 200 by default.</summary>
    public int StatusCode { get; set; } = StatusCodes.Status200OK;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/hooks", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            var headers = context.Request.Headers;
            received.Writer.TryWrite(new ReceivedWebhook(
                headers["X-GitHub-Event"].ToString(),
                headers["X-GitHub-Delivery"].ToString(),
                headers["X-Hub-Signature-256"].ToString(),
                headers.UserAgent.ToString(),
                context.Request.ContentType ?? string.Empty,
                buffer.ToArray()));
            return Results.StatusCode(StatusCode);
        });
        await app.StartAsync(cancellationToken);
        this.app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Url = new Uri(address.TrimEnd('/') + "/hooks");
    }

    public async Task<ReceivedWebhook> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await received.Reader.ReadAsync(timeout.Token);
    }

    public bool TryTakeNow(out ReceivedWebhook? webhook) => received.Reader.TryRead(out webhook);

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
