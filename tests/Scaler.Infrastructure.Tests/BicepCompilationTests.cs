namespace Scaler.Infrastructure.Tests;

/// <summary>The templates compile and lint clean: any warning or error fails the build.</summary>
public sealed class BicepCompilationTests
{
    [Fact]
    public async Task Build_MainBicep_CompilesWithoutAnyDiagnostic()
    {
        var output = Directory.CreateTempSubdirectory("scaler-arm-").FullName;
        try
        {
            var (exitCode, messages) = await BicepCli.RunAsync(Templates.Folder, null, "build", "main.bicep", "--outdir", output);

            Assert.True(exitCode == 0 && messages.Length == 0, $"bicep build exited {exitCode}:\n{messages}");
            var arm = await File.ReadAllTextAsync(Path.Combine(output, "main.json"));
            Assert.Contains("\"$schema\"", arm, StringComparison.Ordinal);
            Assert.DoesNotContain("publicIPAddressConfiguration", arm, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public async Task Lint_EveryBicepFile_ReportsNothing()
    {
        var files = Templates.BicepFiles().ToList();
        var problems = new List<string>();

        foreach (var file in files)
        {
            var (exitCode, messages) = await BicepCli.RunAsync(Templates.Folder, null, "lint", file);
            if (exitCode != 0 || messages.Length > 0)
            {
                problems.Add($"{Path.GetRelativePath(Templates.Folder, file)} (exit {exitCode}):\n{messages}");
            }
        }

        Assert.True(files.Count >= 10, $"expected main.bicep and its modules, found {files.Count} files");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task BuildParams_ExampleParameters_CompileWithoutAnyDiagnostic()
    {
        var output = Path.Combine(Directory.CreateTempSubdirectory("scaler-params-").FullName, "main.parameters.json");
        var environment = new Dictionary<string, string> { ["SCALER_WEBHOOK_SECRET"] = Deployment.WebhookSecret };

        var (exitCode, messages) = await BicepCli.RunAsync(Templates.Folder, environment, "build-params", "main.bicepparam", "--outfile", output);

        Assert.True(exitCode == 0 && messages.Length == 0, $"bicep build-params exited {exitCode}:\n{messages}");
        Assert.True(File.Exists(output));
        Directory.Delete(Path.GetDirectoryName(output)!, recursive: true);
    }

    [Fact]
    public async Task Snapshot_ExampleDeployment_HasNoDiagnostics()
    {
        var deployment = await Deployment.Example;

        Assert.Empty(deployment.Snapshot["diagnostics"]!.AsArray());
        Assert.NotEmpty(deployment.Resources);
    }
}
