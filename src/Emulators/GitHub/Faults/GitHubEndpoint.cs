using System.Text.RegularExpressions;

namespace Scaler.Emulators.GitHub.Faults;

/// <summary>
/// An endpoint of the GitHub emulator, the target of its faults and counters: a method and a route template such
/// as <c>new GitHubEndpoint("POST", "/orgs/{org}/actions/runners/generate-jitconfig")</c>. The method's case,
/// the parameter names and an <c>/api/v3</c> prefix do not matter.
/// </summary>
public sealed partial record GitHubEndpoint
{
    public GitHubEndpoint(string method, string routeTemplate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentNullException.ThrowIfNull(routeTemplate);
        Method = method.ToUpperInvariant();
        var path = routeTemplate.StartsWith("/api/v3", StringComparison.OrdinalIgnoreCase) ? routeTemplate["/api/v3".Length..] : routeTemplate;
        Template = Parameter().Replace(path, "{}").TrimEnd('/');
    }

    /// <summary>The method in upper case.</summary>
    public string Method { get; }

    /// <summary>The path without <c>/api/v3</c>, with every parameter written <c>{}</c>.</summary>
    public string Template { get; }

    public override string ToString() => $"{Method} {Template}";

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}
