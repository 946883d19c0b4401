using System.Diagnostics;

namespace Scaler.Infrastructure.Tests;

/// <summary>The Bicep CLI from the NuGet package Azure.Bicep.CommandLine.linux-x64 (a PackageDownload of this project).</summary>
internal static class BicepCli
{
    private const string Version = "0.49.2";

    public static string Path { get; } = Locate();

    /// <summary>Runs bicep with the arguments; returns its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Path}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, ((await stdout) + (await stderr)).Trim());
    }

    private static string Locate()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var path = System.IO.Path.Combine(packages, "azure.bicep.commandline.linux-x64", Version, "tools", "bicep");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The Bicep CLI is not at {path}: restore tests/Scaler.Infrastructure.Tests (./build.sh test does) to download it.", path);
        }

        // The package is linux-x64 only; NuGet extracts it without the execute bit on some machines.
        var mode = OperatingSystem.IsWindows() ? UnixFileMode.UserExecute : File.GetUnixFileMode(path);
        if (!OperatingSystem.IsWindows() && !mode.HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute);
        }

        return path;
    }
}
