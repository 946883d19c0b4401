using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Scaler.Cli.Hosting;

/// <summary>
/// Settings as the Functions app reads them: the <c>Values</c> of a <c>local.settings.json</c>-style file,
/// then environment variables, with <c>__</c> separating levels in both.
/// </summary>
public static class SettingsFile
{
    public static IConfiguration Load(string? path, IDictionary<string, string?>? overrides = null)
    {
        var builder = new ConfigurationBuilder();
        if (path is not null)
        {
            builder.AddInMemoryCollection(ReadValues(path));
        }

        builder.AddEnvironmentVariables();
        if (overrides is not null)
        {
            builder.AddInMemoryCollection(overrides);
        }

        return builder.Build();
    }

    /// <summary>The file's <c>Values</c>, with <c>__</c> turned into configuration's <c>:</c>.</summary>
    public static Dictionary<string, string?> ReadValues(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Settings file {path} does not exist. Copy local.settings.sample.json and fill it in.", path);
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!document.RootElement.TryGetProperty("Values", out var values) || values.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"Settings file {path} has no \"Values\" object.");
        }

        return values.EnumerateObject().ToDictionary(
            p => p.Name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal),
            p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText());
    }
}
