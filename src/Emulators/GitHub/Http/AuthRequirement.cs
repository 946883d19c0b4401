namespace Scaler.Emulators.GitHub.Http;

/// <summary>Endpoint metadata naming the credential an endpoint accepts.</summary>
internal enum AuthRequirement
{
    /// <summary>No credential needed (public data, runner-side emulator endpoints).</summary>
    None,

    /// <summary>An App JWT.</summary>
    AppJwt,

    /// <summary>An installation token or a personal access token.</summary>
    InstallationOrPat,

    /// <summary>A personal access token only (enterprise endpoints).</summary>
    Pat,
}
