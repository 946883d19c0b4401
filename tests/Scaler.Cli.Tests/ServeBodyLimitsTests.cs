using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Scaler.Cli.Hosting;

namespace Scaler.Cli.Tests;

/// <summary>
/// How long <c>scaler serve</c> lets an unsigned body take: Kestrel cuts off a body slower than
/// <c>Scaler__Intake__MinBodyDataRate</c>, and the intake answers 408 to one not finished within <c>BodyTimeout</c>.
/// Each test turns the other limit far away, so only the limit under test can end the connection within the bound.
/// </summary>
public sealed class ServeBodyLimitsTests : IAsyncDisposable
{
    /// <summary>A failure bound only: the limits under test end the connection long before it.</summary>
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    private readonly SettingsFiles files = new();
    private WebApplication? app;

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        files.Dispose();
    }

    [Fact]
    public async Task BodyAt300BytesASecond_DefaultMinimumRate_IsCutOff()
    {
        var server = await StartAsync(v => v["Scaler__Intake__BodyTimeout"] = "00:05:00");
        using var bound = new CancellationTokenSource(Within);
        using var attacker = await SlowUnsignedDelivery.OpenAsync(server, 1_000_000, bound.Token);
        Assert.Equal("HTTP/1.1 100 Continue", await attacker.ReadFirstStatusLineAsync(bound.Token));

        var trickling = TrickleUntilAnsweredAsync(attacker, bound.Token);
        await Eventually.TrueAsync(() => attacker.Answered, Within, "Kestrel cuts off a body slower than 16 KiB a second");
        var answer = await attacker.ReadToEndAsync(bound.Token);
        await trickling;

        // Kestrel fails the body's read; the intake answers for a body that ended early.
        Assert.StartsWith("HTTP/1.1 400", answer, StringComparison.Ordinal);
        Assert.Contains("the body ended early", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BodyNotFinishedWithinBodyTimeout_Answers408FromTheIntake()
    {
        var server = await StartAsync(v =>
        {
            v["Scaler__Intake__BodyTimeout"] = "00:00:01";
            v["Scaler__Intake__MinBodyDataRate"] = "0";
        });
        using var bound = new CancellationTokenSource(Within);
        using var attacker = await SlowUnsignedDelivery.OpenAsync(server, 1_000_000, bound.Token);
        Assert.Equal("HTTP/1.1 100 Continue", await attacker.ReadFirstStatusLineAsync(bound.Token));

        await attacker.SendAsync(300, bound.Token);
        var answer = await attacker.ReadToEndAsync(bound.Token);

        Assert.StartsWith("HTTP/1.1 408", answer, StringComparison.Ordinal);
        Assert.Contains("the body did not arrive within 00:00:01", answer, StringComparison.Ordinal);
    }

    private static async Task TrickleUntilAnsweredAsync(SlowUnsignedDelivery attacker, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        while (!attacker.Answered && await pace.WaitForNextTickAsync(cancellationToken))
        {
            await attacker.SendAsync((int)(TimeProvider.System.GetElapsedTime(started).TotalSeconds * 300) - (int)attacker.BytesSent, cancellationToken);
        }
    }

    private async Task<Uri> StartAsync(Action<Dictionary<string, string>> change)
    {
        var path = files.Write("local.settings.json", change);
        app = ServeHost.Build(SettingsFile.Load(path), new ServeOptions { Urls = ["http://127.0.0.1:0"], Roles = ServeRoles.Intake });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address);
    }
}
