namespace Scaler.Emulators.Tests.GitHub.Infrastructure;

#pragma warning disable CA1720 // "guid" is the name GitHub gives this field.

public sealed class JitConfigRequest
{
    public required string Name { get; init; }

    public long RunnerGroupId { get; init; } = 1;

    public required IReadOnlyList<string> Labels { get; init; }

    public string WorkFolder { get; init; } = "_work";
}

public sealed class JitConfigResponse
{
    public RunnerModel Runner { get; set; } = new();

    public string EncodedJitConfig { get; set; } = string.Empty;
}

public sealed class RunnerModel
{
    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public string Os { get; set; } = string.Empty;

    public string Status { get; set; } = string.Empty;

    public bool Busy { get; set; }

    public bool Ephemeral { get; set; }

    public long RunnerGroupId { get; set; }

    public IReadOnlyList<RunnerLabelModel> Labels { get; set; } = [];
}

public sealed class RunnerLabelModel
{
    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public string Type { get; set; } = string.Empty;
}

public sealed class DeliveryModel
{
    public long Id { get; set; }

    public string Guid { get; set; } = string.Empty;

    public DateTimeOffset DeliveredAt { get; set; }

    public bool Redelivery { get; set; }

    public string Status { get; set; } = string.Empty;

    public int StatusCode { get; set; }

    public string Event { get; set; } = string.Empty;

    public string? Action { get; set; }

    public long? InstallationId { get; set; }

    public long? RepositoryId { get; set; }
}

public sealed class RunnerDownloadModel
{
    public string Os { get; set; } = string.Empty;

    public string Architecture { get; set; } = string.Empty;

    public string DownloadUrl { get; set; } = string.Empty;

    public string Sha256Checksum { get; set; } = string.Empty;
}
