using System.Text.RegularExpressions;

namespace Scaler.Core.GitHub;

/// <summary>
/// Reads the package checksums from an <c>actions/runner</c> release body. The release workflow fills its notes
/// template with one line per package, the hash between markers:
/// <c>- actions-runner-linux-x64-2.330.0.tar.gz &lt;!-- BEGIN SHA linux-x64 --&gt;HEX&lt;!-- END SHA linux-x64 --&gt;</c>.
/// The body has other 64-digit hex strings too, so only the markers are read.
/// </summary>
internal static partial class RunnerReleaseNotes
{
    public static IReadOnlyDictionary<string, string> Checksums(string? body)
    {
        var checksums = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrEmpty(body))
        {
            return checksums;
        }

        foreach (Match match in Marker().Matches(body))
        {
            checksums.TryAdd(match.Groups["platform"].Value, match.Groups["sha"].Value.ToLowerInvariant());
        }

        return checksums;
    }

    [GeneratedRegex(@"<!--\s*BEGIN SHA (?<platform>[A-Za-z0-9_-]+)\s*-->\s*(?<sha>[0-9A-Fa-f]{64})\s*<!--\s*END SHA \k<platform>\s*-->", RegexOptions.CultureInvariant)]
    private static partial Regex Marker();
}
