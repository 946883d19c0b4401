namespace Scaler.Infrastructure.Tests;

/// <summary>The repository's infra/bicep folder, and copies of it in which bicep may write its outputs.</summary>
internal static class Templates
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Folder => Path.Combine(RepositoryRoot, "infra", "bicep");

    public static IEnumerable<string> BicepFiles() =>
        Directory.EnumerateFiles(Folder, "*.bicep", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    /// <summary>Copies infra/bicep to a new temporary folder, so nothing is written into the source tree.</summary>
    public static string CopyToTemp()
    {
        var target = Directory.CreateTempSubdirectory("scaler-bicep-").FullName;
        foreach (var file in Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(Folder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Scaler.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Scaler.sln not found above {AppContext.BaseDirectory}");
    }
}
