using System.CommandLine;
using Scaler.Cli.Commands;

namespace Scaler.Cli.Tests;

/// <summary>What one invocation of the <c>scaler</c> command printed and returned.</summary>
internal sealed record CommandRun(int ExitCode, string Output, string Error);

/// <summary>Runs the <c>scaler</c> root command in-process with its output and error captured.</summary>
internal static class CommandLine
{
    public static Task<CommandRun> RunAsync(params string[] args) => RunAsync(args, CancellationToken.None);

    /// <param name="cancellationToken">Stops a command that keeps running (serve), as Ctrl+C would.</param>
    public static async Task<CommandRun> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await ScalerCommand.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
        return new CommandRun(exitCode, output.ToString(), error.ToString());
    }
}
