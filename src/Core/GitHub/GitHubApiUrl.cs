namespace Scaler.Core.GitHub;

/// <summary>
/// Turns <c>GitHub__ApiUrl</c> into the REST root Octokit should use: <c>https://api.github.com/</c>
/// for GitHub.com, and <c>https://HOST/api/v3/</c> for GitHub Enterprise Server whether the setting
/// was <c>https://HOST</c>, <c>https://HOST/</c> or <c>https://HOST/api/v3</c> (never doubled).
/// </summary>
internal static class GitHubApiUrl
{
    private const string ApiV3 = "api/v3/";

    public static Uri Normalize(Uri apiUrl)
    {
        ArgumentNullException.ThrowIfNull(apiUrl);
        if (apiUrl.Host.Equals("api.github.com", StringComparison.OrdinalIgnoreCase)
            || apiUrl.Host.Equals("github.com", StringComparison.OrdinalIgnoreCase))
        {
            return new Uri("https://api.github.com/");
        }

        var path = apiUrl.AbsolutePath.TrimEnd('/') + "/";
        if (path.EndsWith("/" + ApiV3, StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^ApiV3.Length];
        }

        var builder = new UriBuilder(apiUrl) { Path = path + ApiV3, Query = string.Empty, Fragment = string.Empty };
        return builder.Uri;
    }
}
