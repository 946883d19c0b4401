using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Scaler.Cli.Tests;

/// <summary>
/// <c>scaler serve</c> as a child process (the built <c>scaler.dll</c> beside the tests), on a port of its choosing;
/// killed on dispose. What it prints is kept for the failure message.
/// </summary>
internal sealed partial class ServeProcess : IDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();
    private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServeProcess(Process process) => this.process = process;

    public Uri BaseAddress { get; private set; } = null!;

    public bool HasExited => process.HasExited;

    public int Id => process.Id;

    /// <summary>Everything it printed so far, both streams.</summary>
    public string Output => string.Join('\n', output);

    /// <summary>Starts serve and waits until Kestrel says where it listens.</summary>
    public static async Task<ServeProcess> StartAsync(string settingsPath, string roles, IReadOnlyDictionary<string, string> environment, TimeSpan within)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "scaler.dll"), "serve", "--settings", settingsPath, "--roles", roles, "--urls", "http://127.0.0.1:0" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var serve = new ServeProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."));
        serve.process.OutputDataReceived += (_, e) => serve.Receive(e.Data);
        serve.process.ErrorDataReceived += (_, e) => serve.Receive(e.Data);
        serve.process.EnableRaisingEvents = true;
        serve.process.Exited += (_, _) => serve.listening.TrySetException(new InvalidOperationException($"serve exited with {serve.process.ExitCode} before listening:\n{serve.Output}"));
        serve.process.BeginOutputReadLine();
        serve.process.BeginErrorReadLine();
        try
        {
            serve.BaseAddress = await serve.listening.Task.WaitAsync(within);
        }
        catch
        {
            serve.Dispose();
            throw;
        }

        return serve;
    }

    /// <summary>Peak and current resident memory and the data mappings (what the GC committed, touched or not) from <c>/proc/PID/status</c>, for the test's output.</summary>
    public string Memory()
    {
        try
        {
            var lines = File.ReadAllLines($"/proc/{process.Id}/status");
            return string.Join(", ", lines.Where(l => l.StartsWith("VmHWM", StringComparison.Ordinal) || l.StartsWith("VmRSS", StringComparison.Ordinal) || l.StartsWith("VmData", StringComparison.Ordinal)).Select(l => Regex.Replace(l, @"\s+", " ")));
        }
        catch (IOException)
        {
            return "(process gone)";
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    private void Receive(string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        if (ListeningLine().Match(line) is { Success: true } match)
        {
            listening.TrySetResult(new Uri(match.Groups["url"].Value));
        }
    }

    [GeneratedRegex(@"Now listening on: (?<url>http://\S+)")]
    private static partial Regex ListeningLine();
}
