using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Scaler.Emulators.Arm.Boot;

/// <summary>
/// Reads a VM's cloud-init as a VM would: finds the JIT runner configuration (any string, or base64
/// <c>write_files</c> content, that decodes to a JSON object with a <c>.runner</c> key) and the runner
/// version (the <c>actions-runner-linux-x64-V.tar.gz</c> it downloads).
/// </summary>
public static partial class CloudInitReader
{
    public static BootInfo Read(string cloudInit)
    {
        ArgumentNullException.ThrowIfNull(cloudInit);
        if (!cloudInit.StartsWith("#cloud-config", StringComparison.Ordinal))
        {
            return new BootInfo(null, null);
        }

        var stream = new YamlStream();
        stream.Load(new StringReader(cloudInit));
        var strings = stream.Documents.SelectMany(d => Scalars(d.RootNode)).ToList();
        var jit = strings.FirstOrDefault(IsJitConfig);
        var version = strings.Select(s => RunnerTarball().Match(s)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
        return new BootInfo(jit, version);
    }

    /// <summary>Every scalar, plus the decoded content of base64 <c>write_files</c> entries.</summary>
    private static IEnumerable<string> Scalars(YamlNode node)
    {
        switch (node)
        {
            case YamlScalarNode scalar when scalar.Value is not null:
                yield return scalar.Value;
                break;
            case YamlSequenceNode sequence:
                foreach (var child in sequence.Children.SelectMany(Scalars))
                {
                    yield return child;
                }

                break;
            case YamlMappingNode mapping:
                if (mapping.Children.TryGetValue(new YamlScalarNode("encoding"), out var encoding)
                    && encoding is YamlScalarNode { Value: "b64" or "base64" }
                    && mapping.Children.TryGetValue(new YamlScalarNode("content"), out var content)
                    && content is YamlScalarNode { Value: { } encoded }
                    && TryBase64(encoded) is { } decoded)
                {
                    yield return Encoding.UTF8.GetString(decoded);
                }

                foreach (var child in mapping.Children.Values.SelectMany(Scalars))
                {
                    yield return child;
                }

                break;
        }
    }

    private static bool IsJitConfig(string value)
    {
        if (value.Length < 16 || TryBase64(value.Trim()) is not { } bytes)
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(".runner", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static byte[]? TryBase64(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var written) ? buffer[..written] : null;
    }

    [GeneratedRegex(@"actions-runner-linux-(?:x64|arm64)-(\d+\.\d+\.\d+)\.tar\.gz")]
    private static partial Regex RunnerTarball();
}
