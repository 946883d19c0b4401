using System.Diagnostics;

namespace Scaler.Core.Tests.Runners;

/// <summary>Runs <c>cloud-init schema --config-file</c>, the validator of the Debian <c>cloud-init</c> package.</summary>
internal static class CloudInitSchema
{
    public static async Task<(int ExitCode, string Output)> ValidateAsync(string document)
    {
        var executable = FindOnPath("cloud-init")
            ?? throw new InvalidOperationException(
                "cloud-init is not on PATH, so the cloud-init document cannot be validated: install the Debian package 'cloud-init' (apt-get install cloud-init); ./build.sh test installs it.");
        var file = Path.Combine(Path.GetTempPath(), $"scaler-cloud-init-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, document);
        try
        {
            var start = new ProcessStartInfo(executable);
            start.ArgumentList.Add("schema");
            start.ArgumentList.Add("--config-file");
            start.ArgumentList.Add(file);
            return await ProcessOutput.RunAsync(start);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
