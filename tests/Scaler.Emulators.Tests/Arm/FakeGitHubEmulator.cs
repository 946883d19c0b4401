using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Scaler.Emulators.Tests.Arm;

/// <summary>A loopback HTTP server answering the two GitHub emulator routes the agent uses.</summary>
internal sealed class FakeGitHubEmulator(WebApplication app) : IAsyncDisposable
{
    private long nextRunnerId;

    public ConcurrentQueue<(string Path, JsonElement Body)> Requests { get; } = new();

    public Uri BaseUri { get; private set; } = new("http://127.0.0.1/");

    public static async Task<FakeGitHubEmulator> StartAsync(HttpStatusCode status = HttpStatusCode.OK)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeGitHubEmulator(app);
        app.MapPost("/_emulator/runners/{action}", async context =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
            server.Requests.Enqueue((context.Request.Path.Value!, body));
            context.Response.StatusCode = (int)status;
            if (status == HttpStatusCode.OK && context.Request.Path.Value!.EndsWith("/connect", StringComparison.Ordinal))
            {
                var id = Interlocked.Increment(ref server.nextRunnerId);
                await context.Response.WriteAsJsonAsync(new { runner_id = id, name = $"runner-{id}" });
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
