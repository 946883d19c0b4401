using System.Net;
using System.Net.Http.Headers;
using Scaler.Cli.Sandbox;
using Scaler.Core.Intake;
using Scaler.Tests.Shared;
using Xunit.Abstractions;

namespace Scaler.Cli.Tests;

/// <summary>
/// Issue 13, finding 1: memory before authentication. Fifty unsigned connections that declare 25 MB bodies and send
/// 300 bytes a second are held by <c>scaler serve</c> while its heap is capped at 256 MB; signed deliveries must
/// still be queued.
/// </summary>
public sealed class UnsignedBodyFloodTests(ITestOutputHelper log) : IDisposable
{
    private const int Attackers = 50;
    private const int BytesPerSecond = 300;
    private const int SignedDeliveries = 5;

    /// <summary>A failure bound for the whole test; nothing waits for it to pass.</summary>
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(120);

    private readonly SettingsFiles files = new();

    public void Dispose() => files.Dispose();

    [Fact]
    public async Task SlowUnsignedBodiesDeclaring25MB_AreHeldWhileSignedDeliveriesAreQueued_UnderA256MBHeap()
    {
        // Azurite of its own: the signed deliveries are queued on workflow-jobs, which other tests' Azurite keeps for theirs.
        await using var azurite = await AzuriteProcess.StartAsync(CancellationToken.None);
        var settings = files.Write("local.settings.json", v =>
        {
            v["AzureWebJobsStorage"] = azurite.ConnectionString;
            v["Scaler__Pools__0__Labels__1"] = "x64";
            v["Scaler__Pools__0__AllowedRepositories__0"] = "contoso/api";

            // Let the attack's connections stay for the whole test, as a sender above the minimum rate stays until
            // the body deadline: this test is about memory; other tests prove the deadline and the rate.
            v["Scaler__Intake__BodyTimeout"] = "00:05:00";
            v["Scaler__Intake__MinBodyDataRate"] = "100";
        });
        using var serve = await ServeProcess.StartAsync(settings, "intake", new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x10000000" }, Within);
        using var bound = new CancellationTokenSource(Within);
        using var stopTrickling = CancellationTokenSource.CreateLinkedTokenSource(bound.Token);
        var attackers = new List<SlowUnsignedDelivery>();
        try
        {
            // Act: every attacker is held, its body being read, before the first signed delivery is sent.
            var held = new List<Task<string>>();
            var trickles = new List<Task>();
            for (var i = 0; i < Attackers; i++)
            {
                var attacker = await SlowUnsignedDelivery.OpenAsync(serve.BaseAddress, CappedBody.MaxBytes, bound.Token);
                attackers.Add(attacker);
                var interim = attacker.ReadFirstStatusLineAsync(bound.Token);
                held.Add(interim);
                trickles.Add(TrickleAfterAsync(interim, attacker, stopTrickling.Token));
            }

            var statusLines = await Task.WhenAll(held);
            log.WriteLine($"{Attackers} unsigned bodies held: {serve.Memory()}");

            var answers = new List<HttpStatusCode>();
            using var http = new HttpClient { BaseAddress = serve.BaseAddress };
            for (var i = 0; i < SignedDeliveries; i++)
            {
                answers.Add(await PostSignedAsync(http, bound.Token));
            }

            var healthy = await HealthAsync(http, bound.Token);
            log.WriteLine($"after {SignedDeliveries} signed deliveries: {serve.Memory()}; bytes sent per attacker: {attackers.Min(a => a.BytesSent)}-{attackers.Max(a => a.BytesSent)}");

            // Assert
            Assert.All(answers, status => Assert.Equal(HttpStatusCode.Accepted, status));
            Assert.Equal(HttpStatusCode.OK, healthy);
            Assert.False(serve.HasExited);
            Assert.All(statusLines, line => Assert.Equal("HTTP/1.1 100 Continue", line));
            Assert.All(attackers, a => Assert.False(a.Answered, "an attacker's connection was answered or closed while it was sending"));

            await stopTrickling.CancelAsync();
            await Task.WhenAll(trickles);
        }
        catch
        {
            log.WriteLine(serve.Output);
            throw;
        }
        finally
        {
            attackers.ForEach(a => a.Dispose());
        }
    }

    /// <summary>300 bytes a second from the moment the server reads the body, a second's worth ahead.</summary>
    private static async Task TrickleAfterAsync(Task<string> interim, SlowUnsignedDelivery attacker, CancellationToken cancellationToken)
    {
        await interim;
        var started = TimeProvider.System.GetTimestamp();
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        try
        {
            do
            {
                var due = (long)((TimeProvider.System.GetElapsedTime(started).TotalSeconds + 1) * BytesPerSecond);
                await attacker.SendAsync((int)(due - attacker.BytesSent), cancellationToken);
            }
            while (await pace.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task<HttpStatusCode> HealthAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative), cancellationToken);
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> PostSignedAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var body = Payloads.ReadCreatedAt("app.queued.json", TimeProvider.System.GetUtcNow());
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/github/webhook", UriKind.Relative)) { Content = content };
        request.Headers.Add(WebhookRequest.EventHeader, "workflow_job");
        request.Headers.Add(WebhookRequest.DeliveryHeader, Guid.NewGuid().ToString());
        request.Headers.Add(WebhookSignature.HeaderName, Payloads.Sign(body, SettingsFiles.Valid()["GitHub__WebhookSecret"]));
        using var response = await http.SendAsync(request, cancellationToken);
        return response.StatusCode;
    }
}
