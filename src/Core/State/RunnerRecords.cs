using Azure.Data.Tables;

namespace Scaler.Core.State;

/// <summary>Maps <see cref="RunnerRecord"/> to and from table entities.</summary>
internal static class RunnerRecords
{
    public static TableEntity ToEntity(RunnerRecord r) => new(r.Pool, r.VmName)
    {
        ["State"] = r.State.ToString(),
        ["ForJobId"] = r.ForJobId,
        ["RunningJobId"] = r.RunningJobId,
        ["RunnerId"] = r.RunnerId,
        ["RunnerVersion"] = r.RunnerVersion,
        ["ClaimedAt"] = r.ClaimedAt,
        ["OnlineSince"] = r.OnlineSince,
        ["CreateSizeIndex"] = r.CreateSizeIndex,
        ["CreateSpot"] = r.CreateSpot,
        ["CreateStartedAt"] = r.CreateStartedAt,
        ["PreparedAt"] = r.PreparedAt,
        ["Image"] = r.Image,
        ["UserDataSet"] = r.UserDataSet,
    };

    public static RunnerRecord FromEntity(TableEntity e) => new()
    {
        Pool = e.PartitionKey,
        VmName = e.RowKey,
        State = Enum.Parse<RunnerState>(e.GetString("State") ?? nameof(RunnerState.Provisioning)),
        ForJobId = e.GetInt64("ForJobId") ?? 0,
        RunningJobId = e.GetInt64("RunningJobId"),
        RunnerId = e.GetInt64("RunnerId"),
        RunnerVersion = e.GetString("RunnerVersion"),
        ClaimedAt = e.GetDateTimeOffset("ClaimedAt") ?? DateTimeOffset.MinValue,
        OnlineSince = e.GetDateTimeOffset("OnlineSince"),
        CreateSizeIndex = e.GetInt32("CreateSizeIndex"),
        CreateSpot = e.GetBoolean("CreateSpot"),
        CreateStartedAt = e.GetDateTimeOffset("CreateStartedAt"),
        PreparedAt = e.GetDateTimeOffset("PreparedAt"),
        Image = e.GetString("Image"),
        UserDataSet = e.GetBoolean("UserDataSet") ?? false,
        ETag = e.ETag.ToString(),
    };
}
