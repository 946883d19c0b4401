using System.Globalization;
using Scaler.Bench;

// Scaler's benchmarks. Each figure is a ratio against a baseline measured in the same run, on the same machine.
//   dotnet run -c Release --project bench/Scaler.Bench -- [--quick] [--only micro,intake,reaction,burst,azure,standby,saturation,cost,reconcile] [--out FILE]
//     [--deliveries N] [--reaction-jobs N] [--functions-reaction-jobs N] [--burst-jobs N] [--azure-jobs N] [--compression N] [--saturation-jobs N] [--standby-jobs N] [--cost-compression N] [--cost-rates 10,100,1000]
var arguments = Arguments.Parse(args);
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
var token = cancellation.Token;
var report = new Report();
report.Line($"## Run of {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC ({Environment.ProcessorCount} cores, .NET {Environment.Version}){(arguments.Quick ? ", quick" : "")}");
report.Line();

if (arguments.Runs("micro"))
{
    await MicroBenchmarks.RunAsync(report, token);
}

if (arguments.Runs("intake"))
{
    await IntakeBenchmark.RunAsync(report, arguments.Deliveries, token);
}

if (arguments.Runs("reaction"))
{
    var sandboxPolling = await ReactionBenchmark.MeasureAsync(TimeSpan.FromMilliseconds(250), arguments.ReactionJobs, token);
    var functionsPolling = await ReactionBenchmark.MeasureAsync(TimeSpan.FromSeconds(2), arguments.FunctionsReactionJobs, token);
    ReactionBenchmark.Write(report, [sandboxPolling, functionsPolling]);
}

if (arguments.Runs("burst"))
{
    var (create, boot, run) = (TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2));
    var burst = await BurstBenchmark.MeasureAsync(arguments.BurstJobs, create, boot, run, token);
    BurstBenchmark.Write(report, burst, create, boot, run);
}

if (arguments.Runs("azure"))
{
    var atScale = await AzureBurstBenchmark.MeasureAsync(arguments.AzureJobs, arguments.Compression, token);
    AzureBurstBenchmark.Write(report, atScale);
}

if (arguments.Runs("standby"))
{
    var standby = await StandbyBenchmark.MeasureAsync(arguments.StandbyJobs, arguments.Compression, token);
    StandbyBenchmark.Write(report, standby);
}

if (arguments.Runs("saturation"))
{
    var (create, boot, run) = (TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2));
    var saturation = await SaturationBenchmark.MeasureAsync(arguments.SaturationJobs, 20, create, boot, run, token);
    SaturationBenchmark.Write(report, saturation, create, boot, run);
}

if (arguments.Runs("cost"))
{
    var rates = arguments.CostRates ?? (arguments.Quick ? [100] : [10, 100, 1_000]);
    var costs = new List<CostBenchmark.Result>();
    foreach (var rate in rates)
    {
        costs.Add(await CostBenchmark.MeasureAsync(rate, arguments.CostCompression, token));
    }

    CostBenchmark.Write(report, costs);
}

if (arguments.Runs("reconcile"))
{
    var sizes = arguments.Quick ? new[] { 100, 300 } : [100, 300, 1_000];
    var passes = new List<ReconcileBenchmark.Result>();
    foreach (var size in sizes)
    {
        passes.Add(await ReconcileBenchmark.MeasureAsync(size, token));
    }

    ReconcileBenchmark.Write(report, passes);
}

if (arguments.Out is { } path)
{
    await report.WriteAsync(path);
    Console.Error.WriteLine($"written to {path}");
}

internal sealed record Arguments(bool Quick, IReadOnlySet<string>? Only, string? Out, int Deliveries, int ReactionJobs, int FunctionsReactionJobs, int BurstJobs, int AzureJobs, double Compression, int SaturationJobs, double CostCompression, int[]? CostRates, int StandbyJobs)
{
    public bool Runs(string name) => Only is null || Only.Contains(name);

    public static Arguments Parse(string[] args)
    {
        var quick = args.Contains("--quick");
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Number(string name, int full, int small) => Value(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : quick ? small : full;
        var only = Value("--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new Arguments(quick, only, Value("--out"), Number("--deliveries", 10_000, 1_000), Number("--reaction-jobs", 200, 20), Number("--functions-reaction-jobs", 50, 10), Number("--burst-jobs", 120, 40), Number("--azure-jobs", 500, 100), Number("--compression", 10, 10), Number("--saturation-jobs", 120, 60), Number("--cost-compression", 60, 60),
            Value("--cost-rates")?.Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToArray(), Number("--standby-jobs", 20, 10));
    }
}
