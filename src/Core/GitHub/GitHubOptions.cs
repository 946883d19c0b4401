namespace Scaler.Core.GitHub;

/// <summary>The <c>GitHub</c> settings section: the API and its credentials (the webhook secret is <c>WebhookOptions</c>, the intake's).</summary>
public sealed class GitHubOptions
{
    public const string Section = "GitHub";

    /// <summary><c>https://api.github.com</c>, or <c>https://HOST/api/v3</c> for GitHub Enterprise Server.</summary>
    public Uri ApiUrl { get; set; } = new("https://api.github.com");

    /// <summary>GitHub App id (or client id), used with <see cref="AppPrivateKey"/>.</summary>
    public string AppId { get; set; } = "";

    /// <summary>The App's private key in PEM form.</summary>
    public string AppPrivateKey { get; set; } = "";

    /// <summary>A classic personal access token, instead of an App; required for enterprise pools.</summary>
    public string Token { get; set; } = "";

    public bool UsesApp => AppId.Length > 0;
}
