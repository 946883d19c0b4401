using System.Diagnostics;
using System.Text;

namespace Scaler.Functions.Tests.Host;

/// <summary>
/// The built Functions app, started as the host starts a .NET isolated worker: <c>dotnet Scaler.Functions.dll</c>
/// with the host's arguments and the app settings as environment variables.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private WorkerProcess(Process process) => this.process = process;

    /// <summary>What the worker wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>The build output of src/Functions for the configuration these tests were built in.</summary>
    public static string AppDirectory
    {
        get
        {
            var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
            var repository = testOutput.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
            return Path.Combine(repository, "src", "Functions", "bin", testOutput.Parent.Name, testOutput.Name);
        }
    }

    public static WorkerProcess Start(Uri hostGrpc, IReadOnlyDictionary<string, string?> environment)
    {
        var directory = AppDirectory;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var workerId = Guid.NewGuid().ToString();
        var requestId = Guid.NewGuid().ToString();
        start.ArgumentList.Add(Path.Combine(directory, "Scaler.Functions.dll"));
        foreach (var argument in new[]
        {
            "--host", hostGrpc.Host, "--port", hostGrpc.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--workerId", workerId, "--requestId", requestId, "--grpcMaxMessageLength", "2147483647",
            "--functions-uri", hostGrpc.ToString(), "--functions-worker-id", workerId,
            "--functions-request-id", requestId, "--functions-grpc-max-message-length", "2147483647",
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach (var name in new[] { "PATH", "HOME", "DOTNET_ROOT", "TMPDIR" })
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                start.Environment[name] = value;
            }
        }

        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = directory;
        start.Environment["FUNCTIONS_WORKER_DIRECTORY"] = directory;
        start.Environment["AzureWebJobsScriptRoot"] = directory;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var worker = new WorkerProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."));
        worker.process.OutputDataReceived += (_, e) => worker.Append(e.Data);
        worker.process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
        worker.process.BeginOutputReadLine();
        worker.process.BeginErrorReadLine();
        return worker;
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => process.WaitForExitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
