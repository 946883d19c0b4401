using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Scaler.Bench;
using Scaler.Cli.Sandbox;
using Scaler.Core;
using Scaler.Core.Jobs;
using Scaler.Core.State;
using Scaler.Core.Intake;

// Scaler's benchmarks. Each figure is a ratio against a baseline measured in the same run, on the same machine.
var payload = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Payloads", "app.queued.json"));
const string Secret = "benchmark-secret-of-some-length";
var signature = WebhookSignature.Sign(payload, Secret);
var secretBytes = Encoding.UTF8.GetBytes(Secret);

// 1. Webhook intake: the whole path (cap, verify, parse, route, enqueue to memory) against the HMAC alone.
var hmac = await Measure.MicrosecondsPerOpAsync(20_000, _ => { HMACSHA256.HashData(secretBytes, payload); return Task.CompletedTask; });
using var provider = IntakeServices(Secret);
var intake = provider.GetRequiredService<WebhookIntake>();
var intakeUs = await Measure.MicrosecondsPerOpAsync(20_000, async i =>
{
    var result = await intake.AcceptAsync(new WebhookRequest("workflow_job", Guid.NewGuid().ToString(), signature, payload.Length, new MemoryStream(payload)), CancellationToken.None);
    if (result.StatusCode != 202)
    {
        throw new InvalidOperationException($"intake answered {result.StatusCode}");
    }
});

// 2. Capacity on Table storage (Azurite): one claim + release (two transactions and their reads) against one plain insert.
await using var azurite = await AzuriteProcess.StartAsync(CancellationToken.None);
var table = new TableClient(azurite.ConnectionString, "benchinserts");
await table.CreateIfNotExistsAsync();
var insert = await Measure.MicrosecondsPerOpAsync(300, _ => table.AddEntityAsync(new TableEntity("p", Guid.NewGuid().ToString("N"))), rounds: 3);
var capacity = new TableCapacity(new LazyTable(new TableClient(azurite.ConnectionString, TableCapacity.TableName)), TimeProvider.System);
var claim = await Measure.MicrosecondsPerOpAsync(300, async i =>
{
    var name = $"vm-{i}";
    await capacity.ClaimAsync("bench", name, i, 10, CancellationToken.None);
    await capacity.ReleaseAsync("bench", name, CancellationToken.None);
}, rounds: 3);

Console.WriteLine("| Benchmark | Baseline | Baseline µs/op | Measured µs/op | Ratio |");
Console.WriteLine("| --- | --- | ---: | ---: | ---: |");
Row("Webhook intake (verify, parse, route, enqueue in memory)", "HMAC-SHA256 of the body", hmac, intakeUs);
Row("Capacity claim + release (Azurite)", "one Table insert (Azurite)", insert, claim);

static void Row(string name, string baseline, double baseUs, double measuredUs) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {baseline} | {baseUs:F1} | {measuredUs:F1} | {measuredUs / baseUs:F1}x |"));

static ServiceProvider IntakeServices(string secret)
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

internal sealed class DiscardingQueue : IJobQueue
{
    public Task EnqueueAsync(JobMessage message, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task DeferAsync(JobMessage message, TimeSpan delay, CancellationToken cancellationToken) => Task.CompletedTask;
}
