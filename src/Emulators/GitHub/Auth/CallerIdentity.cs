namespace Scaler.Emulators.GitHub.Auth;

internal enum CallerKind
{
    Anonymous,
    App,
    Installation,
    PersonalAccessToken,
}

/// <summary>Who made a request; <see cref="RateLimitKey"/> names its primary quota.</summary>
internal sealed record CallerIdentity(CallerKind Kind, long? InstallationId, string RateLimitKey)
{
    public static CallerIdentity Anonymous { get; } = new(CallerKind.Anonymous, null, "anonymous");

    public static CallerIdentity App(long appId) => new(CallerKind.App, null, $"app:{appId}");

    public static CallerIdentity Installation(long installationId) => new(CallerKind.Installation, installationId, $"installation:{installationId}");

    public static CallerIdentity Pat(string token) => new(CallerKind.PersonalAccessToken, null, $"pat:{token}");
}

internal sealed record AuthResult(CallerIdentity? Identity, string? Error)
{
    public static AuthResult Ok(CallerIdentity identity) => new(identity, null);

    public static AuthResult Fail(string error) => new(null, error);
}
