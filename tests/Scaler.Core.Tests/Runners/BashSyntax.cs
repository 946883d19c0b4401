using System.Diagnostics;

namespace Scaler.Core.Tests.Runners;

/// <summary>Checks a script's syntax with <c>bash -n</c>, reading it from standard input.</summary>
internal static class BashSyntax
{
    public static async Task<(int ExitCode, string Output)> CheckAsync(string script)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-n");
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.StandardInput.WriteAsync(script);
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stderr);
    }
}
