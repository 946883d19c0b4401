using System.Text.Json;
using Scaler.Core.Jobs;

namespace Scaler.Core.Tests.Jobs;

public class JobMessageTests
{
    private static readonly JobMessage Message = new()
    {
        DeliveryId = Guid.NewGuid(),
        Action = JobAction.Completed,
        JobId = 1L << 40,
        RunId = 7,
        RunAttempt = 2,
        Repository = "contoso/api",
        Visibility = Scaler.Core.Pools.RepositoryVisibility.Internal,
        Labels = ["self-hosted"],
        Pool = "linux-x64",
        ReceivedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void Parse_WhatToJsonWrote_IsTheSameMessage()
    {
        var parsed = JobMessage.Parse(System.Text.Encoding.UTF8.GetString(Message.ToJson()));

        Assert.Equal(Message with { Labels = [] }, parsed with { Labels = [] });
        Assert.Equal(Message.Labels, parsed.Labels);
    }

    [Fact]
    public void ToJson_Visibility_IsWrittenAsGitHubSpellsIt()
    {
        var json = System.Text.Encoding.UTF8.GetString(Message.ToJson());

        Assert.Contains("\"visibility\":\"internal\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OtherVersion_IsRefused()
    {
        var json = System.Text.Encoding.UTF8.GetString((Message with { Version = 2 }).ToJson());

        Assert.Throws<NotSupportedException>(() => JobMessage.Parse(json));
    }

    [Fact]
    public void Parse_JsonNull_IsRefused()
    {
        Assert.Throws<JsonException>(() => JobMessage.Parse("null"));
    }
}
