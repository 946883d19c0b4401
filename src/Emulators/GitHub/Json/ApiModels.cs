namespace Scaler.Emulators.GitHub.Json;

internal sealed record ErrorBody(string Message, string DocumentationUrl);

internal sealed record AccessTokenBody(string Token, DateTimeOffset ExpiresAt);

internal sealed record AccountBody(string Login, long Id, string Type);

internal sealed record InstallationBody(long Id, AccountBody Account, long AppId, string TargetType, long TargetId, string RepositorySelection, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

internal sealed record RunnerLabelBody(long Id, string Name, string Type);

internal sealed record RunnerBody(long Id, string Name, string Os, string Status, bool Busy, bool Ephemeral, long RunnerGroupId, string? Version, IReadOnlyList<RunnerLabelBody> Labels);

internal sealed record RunnerListBody(int TotalCount, IReadOnlyList<RunnerBody> Runners);

internal sealed record JitConfigBody(RunnerBody Runner, string EncodedJitConfig);

internal sealed record RunnerDownloadBody(string Os, string Architecture, string DownloadUrl, string Filename, string Sha256Checksum);

internal sealed record ReleaseBody(long Id, string TagName, string Name, bool Draft, bool Prerelease, DateTimeOffset? PublishedAt, DateTimeOffset CreatedAt, string HtmlUrl, string Body);

internal sealed record DeliveryBody(long Id, string Guid, DateTimeOffset DeliveredAt, bool Redelivery, double Duration, string Status, int StatusCode, string Event, string? Action, long? InstallationId, long? RepositoryId);

internal sealed record JitConfigRequest(string? Name, long? RunnerGroupId, IReadOnlyList<string>? Labels, string? WorkFolder);

internal sealed record ConnectRequest(string? JitConfig, string? Version, string? Os);

internal sealed record ConnectResponse(long RunnerId, string Name);

internal sealed record DisconnectRequest(string? Name);
