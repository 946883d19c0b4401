using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Scaler.Cli.Sandbox;
using Scaler.Core;
using Scaler.Core.Intake;
using Scaler.Core.Jobs;
using Scaler.Core.State;

namespace Scaler.Bench;

/// <summary>In-process costs: the intake's work against an HMAC, and a capacity claim against a Table insert.</summary>
internal static class MicroBenchmarks
{
    private const string Secret = "benchmark-secret-of-some-length";

    public static async Task RunAsync(Report report, CancellationToken cancellationToken)
    {
        var payload = Payloads.FreshQueued(DateTimeOffset.UtcNow);
        var signature = WebhookSignature.Sign(payload, Secret);
        var secretBytes = Encoding.UTF8.GetBytes(Secret);

        // 1. Webhook intake: the whole path (cap, verify, parse, route, enqueue to memory) against the HMAC alone.
        var hmac = await Measure.MicrosecondsPerOpAsync(20_000, _ => { HMACSHA256.HashData(secretBytes, payload); return Task.CompletedTask; });
        using var provider = IntakeServices(Secret);
        var intake = provider.GetRequiredService<WebhookIntake>();
        var intakeUs = await Measure.MicrosecondsPerOpAsync(20_000, async i =>
        {
            var result = await intake.AcceptAsync(new WebhookRequest("workflow_job", Guid.NewGuid().ToString(), signature, payload.Length, new MemoryStream(payload)), cancellationToken);
            if (result.StatusCode != 202 || result.Response.Outcome != IntakeOutcome.Queued)
            {
                throw new InvalidOperationException($"intake answered {result.StatusCode} {result.Response.Outcome}");
            }
        });

        // 2. Capacity on Table storage (Azurite): one claim + release (two transactions and their reads) against one plain insert.
        await using var azurite = await AzuriteProcess.StartAsync(cancellationToken);
        var table = new TableClient(azurite.ConnectionString, "benchinserts");
        await table.CreateIfNotExistsAsync(cancellationToken);
        var insert = await Measure.MicrosecondsPerOpAsync(300, _ => table.AddEntityAsync(new TableEntity("p", Guid.NewGuid().ToString("N")), cancellationToken), rounds: 3);
        var capacity = new TableCapacity(new LazyTable(new TableClient(azurite.ConnectionString, TableCapacity.TableName)), TimeProvider.System);
        var claim = await Measure.MicrosecondsPerOpAsync(300, async i =>
        {
            var name = $"vm-{i}";
            await capacity.ClaimAsync("bench", name, i, 10, cancellationToken);
            await capacity.ReleaseAsync("bench", name, cancellationToken);
        }, rounds: 3);

        report.Line("### In-process costs");
        report.Line();
        report.Table(
            ["Benchmark", "Baseline", "Baseline µs/op", "Measured µs/op", "Ratio"],
            [
                Row("Webhook intake (verify, parse, route, enqueue in memory)", "HMAC-SHA256 of the body", hmac, intakeUs),
                Row("Capacity claim + release (Azurite)", "one Table insert (Azurite)", insert, claim),
            ]);
    }

    private static string[] Row(string name, string baseline, double baseUs, double measuredUs) =>
        [name, baseline, Report.F(baseUs, "F1"), Report.F(measuredUs, "F1"), Report.F(measuredUs / baseUs, "F1") + "x"];

    private static ServiceProvider IntakeServices(string secret)
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["GitHub:WebhookSecret"] = secret,
            ["GitHub:Token"] = "unused",
            ["Scaler:Pools:0:Name"] = "linux-x64",
            ["Scaler:Pools:0:Labels:0"] = "linux",
            ["Scaler:Pools:0:Labels:1"] = "x64",
            ["Scaler:Pools:0:Owner"] = "contoso",
            ["Scaler:Pools:0:ScaleSetId"] = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/r/providers/Microsoft.Compute/virtualMachineScaleSets/s",
            ["Scaler:Pools:0:SubnetId"] = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v/subnets/s",
            ["Scaler:Pools:0:VmSizes:0"] = "Standard_D2ads_v5",
        };
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IJobQueue>(new DiscardingQueue());
        services.AddScalerIntake(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider();
    }
}

internal sealed class DiscardingQueue : IJobQueue
{
    public Task EnqueueAsync(JobMessage message, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task DeferAsync(JobMessage message, TimeSpan delay, CancellationToken cancellationToken) => Task.CompletedTask;
}
