using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Scaler.Cli.Hosting;

namespace Scaler.Cli.Commands;

/// <summary>The <c>--settings</c> option every command that reads app settings shares, and reading the file it names.</summary>
internal static class SettingsOption
{
    public const string DefaultPath = "local.settings.json";

    public static Option<FileInfo> Create() =>
        new("--settings")
        {
            Description = "A local.settings.json-style file; its Values are app settings. Environment variables override them.",
            DefaultValueFactory = _ => new FileInfo(DefaultPath),
        };

    /// <summary>The settings, or null after writing why the file cannot be read to <paramref name="error"/>.</summary>
    public static IConfiguration? TryLoad(FileInfo file, TextWriter error)
    {
        try
        {
            return SettingsFile.Load(file.FullName);
        }
        catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException)
        {
            error.WriteLine($"error: {ex.Message}");
        }
        catch (JsonException ex)
        {
            error.WriteLine($"error: Settings file {file.FullName} is not valid JSON: {ex.Message}");
        }

        return null;
    }
}
