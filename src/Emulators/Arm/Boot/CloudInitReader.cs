using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Scaler.Emulators.Arm.Boot;

/// <summary>Reads a <c>#cloud-config</c> document the way a runner VM would use it: finds the JIT config and runner version.</summary>
public static partial class CloudInitReader
{
    /// <summary>What a cloud-init that reads the VM's userData at every boot contains (Scaler's standby boot unit does).</summary>
    public const string UserDataReadMarker = "169.254.169.254/metadata/instance/compute/userData";

    /// <summary>
    /// True when the cloud-init installs something that reads the VM's userData from the instance metadata at boot: the
    /// guest then takes its JIT config from there (and powers off when there is none) instead of from the cloud-init.
    /// </summary>
    public static bool ReadsUserDataAtBoot(string? cloudInit) =>
        cloudInit is not null
            && (cloudInit.Contains(UserDataReadMarker, StringComparison.Ordinal) || Texts(cloudInit).Any(text => text.Contains(UserDataReadMarker, StringComparison.Ordinal)));

    public static BootInfo Read(string? cloudInit)
    {
        string? jitConfig = null;
        string? version = null;
        foreach (var text in Texts(cloudInit))
        {
            jitConfig ??= FindJitConfig(text);
            version ??= FindVersion(text);
        }

        return new BootInfo(jitConfig, version, cloudInit);
    }

    /// <summary>Every scalar of a <c>#cloud-config</c> document and the decoded content of its base64 files; none for anything else.</summary>
    private static List<string> Texts(string? cloudInit)
    {
        var texts = new List<string>();
        if (string.IsNullOrWhiteSpace(cloudInit) || !cloudInit.TrimStart().StartsWith("#cloud-config", StringComparison.Ordinal))
        {
            return texts;
        }

        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(cloudInit);
            stream.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException)
        {
            return texts;
        }

        foreach (var document in stream.Documents)
        {
            Collect(document.RootNode, texts);
        }

        return texts;
    }

    /// <summary>Every scalar in the document, plus the decoded content of <c>write_files</c> entries marked b64/base64.</summary>
    private static void Collect(YamlNode node, List<string> texts)
    {
        switch (node)
        {
            case YamlScalarNode scalar when scalar.Value is not null:
                texts.Add(scalar.Value);
                break;
            case YamlSequenceNode sequence:
                foreach (var child in sequence.Children)
                {
                    Collect(child, texts);
                }

                break;
            case YamlMappingNode mapping:
                foreach (var (_, value) in mapping.Children)
                {
                    Collect(value, texts);
                }

                if (DecodedContent(mapping) is { } decoded)
                {
                    texts.Add(decoded);
                }

                break;
        }
    }

    private static string? DecodedContent(YamlMappingNode mapping)
    {
        if (!mapping.Children.TryGetValue(new YamlScalarNode("encoding"), out var encodingNode)
            || !mapping.Children.TryGetValue(new YamlScalarNode("content"), out var contentNode)
            || encodingNode is not YamlScalarNode { Value: { } encoding }
            || contentNode is not YamlScalarNode { Value: { } content })
        {
            return null;
        }

        if (!encoding.Equals("b64", StringComparison.OrdinalIgnoreCase) && !encoding.Equals("base64", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return TryDecodeBase64(content, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
    }

    private static string? FindJitConfig(string text)
    {
        var whole = WhiteSpace().Replace(text, string.Empty);
        if (whole.Length >= 8 && IsJitConfig(whole))
        {
            return whole;
        }

        foreach (var token in TokenSeparators().Split(text))
        {
            // "--jitconfig=VALUE" or "VAR=VALUE": the value follows the first '=' that is not base64 padding.
            var assignment = token.IndexOf('=', StringComparison.Ordinal);
            var candidate = assignment >= 0 && token.AsSpan(assignment).TrimStart('=').Length > 0 ? token[(assignment + 1)..] : token;
            if (candidate.Length >= 8 && IsJitConfig(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="candidate"/> is base64 of a JSON object that has a <c>.runner</c> key.</summary>
    public static bool IsJitConfig(string candidate)
    {
        if (!TryDecodeBase64(candidate, out var bytes))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(".runner", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? FindVersion(string text)
    {
        var match = RunnerTarball().Match(text);
        return match.Success ? match.Groups[1].Value : null;
    }

    private static bool TryDecodeBase64(string text, out byte[] bytes)
    {
        var compact = WhiteSpace().Replace(text, string.Empty);
        bytes = new byte[compact.Length];
        if (compact.Length == 0 || !Convert.TryFromBase64String(compact, bytes, out var written))
        {
            bytes = [];
            return false;
        }

        bytes = bytes[..written];
        return true;
    }

    [GeneratedRegex(@"actions-runner-linux-x64-(\d+\.\d+\.\d+)\.tar\.gz")]
    private static partial Regex RunnerTarball();

    [GeneratedRegex(@"[\s""';|&()]+")]
    private static partial Regex TokenSeparators();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
