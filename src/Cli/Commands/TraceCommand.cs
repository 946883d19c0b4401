using System.CommandLine;
using Scaler.Cli.Simulation;

namespace Scaler.Cli.Commands;

/// <summary><c>scaler simulate trace</c>: prints one of the shipped traces' shapes as CSV, from a seed.</summary>
internal static class TraceCommand
{
    public static Command Create()
    {
        var shape = new Option<string>("--shape") { Description = "weekday (24 h, morning peak), matrix (4 h of bursty matrix builds) or night (8 h, quiet).", Required = true };
        shape.AcceptOnlyFromAmong([.. TraceShapes.Names]);
        var seed = new Option<int>("--seed") { Description = "The same seed prints the same trace.", DefaultValueFactory = _ => 1 };
        var command = new Command("trace", "Print a generated trace (CSV: arrival,labels,repository,duration) to standard output.") { shape, seed };
        command.SetAction(async (result, cancellationToken) =>
        {
            await result.InvocationConfiguration.Output.WriteAsync(TraceShapes.Generate(result.GetValue(shape)!, result.GetValue(seed)));
            return 0;
        });
        return command;
    }
}
