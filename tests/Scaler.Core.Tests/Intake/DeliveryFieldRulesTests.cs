using System.Text.Json.Nodes;
using Scaler.Core.Intake;
using Scaler.Core.Jobs;
using Scaler.Core.Tests.Fakes;
using Scaler.Tests.Shared;

namespace Scaler.Core.Tests.Intake;

/// <summary>
/// Signed deliveries whose names or ids GitHub would never send: each is refused with 400 and a reason, never
/// queued and never answered 5xx (GitHub's redelivery of the same body could only fail again).
/// </summary>
public class DeliveryFieldRulesTests
{
    public static TheoryData<string, string, string> Unsafe() => new()
    {
        { "repository.full_name", "contoso/" + new string('a', 50_000), "repository.full_name" },
        { "repository.full_name", "contoso/" + new string('a', 101), "repository.full_name" },
        { "repository.full_name", "contoso/a#b", "repository.full_name" },
        { "repository.full_name", "contoso/a?b", "repository.full_name" },
        { "repository.full_name", "contoso/a\0b", "repository.full_name" },
        { "repository.full_name", "contoso/a\tb", "repository.full_name" },
        { "repository.full_name", "contoso/api\n", "repository.full_name" },
        { "repository.full_name", "contoso/..", "repository.full_name" },
        { "repository.full_name", "contoso/api/extra", "repository.full_name" },
        { "repository.full_name", new string('c', 40) + "/api", "owner" },
        { "repository.full_name", "-contoso/api", "owner" },
        { "organization.login", "contoso?x=1", "organization.login" },
        { "workflow_job.runner_name", new string('r', 65), "runner_name" },
        { "workflow_job.runner_name", "runner\nforged log line", "runner_name" },
        { "workflow_job.conclusion", "success; rm -rf /", "conclusion" },
    };

    [Theory]
    [MemberData(nameof(Unsafe))]
    public async Task AcceptAsync_NameGitHubNeverSends_Answers400WithReason(string field, string value, string reason)
    {
        var payload = QueuedPayload();
        var (parent, name) = field.Split('.') is [var p, var n] ? (p, n) : throw new ArgumentException(field);
        payload[parent]![name] = value;

        await AssertRejectedAsync(payload, reason);
    }

    [Theory]
    [InlineData("""{"id":0}""")]
    [InlineData("""{"id":-5}""")]
    [InlineData("""{}""")]
    public async Task AcceptAsync_InstallationWithoutPositiveId_Answers400(string installation)
    {
        var payload = QueuedPayload();
        payload["installation"] = JsonNode.Parse(installation);

        await AssertRejectedAsync(payload, "installation.id");
    }

    [Fact]
    public async Task AcceptAsync_EnterpriseSlugWithPathCharacters_Answers400()
    {
        var payload = QueuedPayload();
        payload["enterprise"] = new JsonObject { ["id"] = 7, ["slug"] = "contoso/../other" };

        await AssertRejectedAsync(payload, "enterprise.slug");
    }

    [Theory]
    [InlineData(101, "more than 100 labels")]
    public async Task AcceptAsync_TooManyLabels_Answers400(int count, string reason)
    {
        var payload = QueuedPayload();
        payload["workflow_job"]!["labels"] = new JsonArray([.. Enumerable.Range(0, count).Select(i => JsonValue.Create($"l{i}"))]);

        await AssertRejectedAsync(payload, reason);
    }

    [Theory]
    [InlineData(101)]
    [InlineData(50_000)]
    public async Task AcceptAsync_LabelLongerThanAnyPoolLabel_Answers400(int length)
    {
        var payload = QueuedPayload();
        payload["workflow_job"]!["labels"] = new JsonArray("self-hosted", "linux", new string('x', length));

        await AssertRejectedAsync(payload, "workflow_job.labels");
    }

    [Fact]
    public async Task AcceptAsync_LabelWithNewline_Answers400()
    {
        var payload = QueuedPayload();
        payload["workflow_job"]!["labels"] = new JsonArray("self-hosted", "linux\nx64");

        await AssertRejectedAsync(payload, "workflow_job.labels");
    }

    [Fact]
    public async Task AcceptAsync_MaximalAsciiDelivery_IsQueuedWithinTheQueueLimit()
    {
        // The longest names GitHub allows and 100 labels of 100 characters, each one of the pool's labels.
        var label = new string('l', 100);
        using var harness = new IntakeHarness(values =>
        {
            values["Scaler:Pools:0:Labels:2"] = label;
            values["Scaler:Pools:0:Owner"] = new string('c', 39);
        });
        var owner = new string('c', 39);
        var payload = QueuedPayload();
        payload["repository"]!["full_name"] = owner + "/" + new string('r', 100);
        payload["organization"]!["login"] = owner;
        payload["enterprise"] = new JsonObject { ["id"] = 7, ["slug"] = new string('e', 100) };
        payload["workflow_job"]!["runner_name"] = new string('n', 64);
        payload["workflow_job"]!["labels"] = new JsonArray([JsonValue.Create("self-hosted"), .. Enumerable.Range(0, 99).Select(_ => JsonValue.Create(label))]);

        var result = await harness.SendAsync(Signed(payload));

        Assert.Equal(202, result.StatusCode);
        var message = Assert.Single(harness.Queue.Messages);
        Assert.InRange(message.ToJson().Length, 1, 64 * 1024 / 4 * 3);
    }

    [Fact]
    public async Task AcceptAsync_RoutedMessageOverTheQueueLimit_Answers400NotQueued()
    {
        // A pool label of 100 characters that JSON writes as \uXXXX: 99 of them make a 60 KB message, over the
        // queue's 64 KiB once base64-encoded. The same body would fail again, so 400, not 503.
        var label = new string('é', 100);
        using var harness = new IntakeHarness(values => values["Scaler:Pools:0:Labels:2"] = label);
        var payload = QueuedPayload();
        payload["workflow_job"]!["labels"] = new JsonArray([JsonValue.Create("self-hosted"), .. Enumerable.Range(0, 99).Select(_ => JsonValue.Create(label))]);

        var result = await harness.SendAsync(Signed(payload));

        Assert.Equal(400, result.StatusCode);
        Assert.Equal(IntakeOutcome.Rejected, result.Response.Outcome);
        Assert.Contains("queue message", result.Response.Reason, StringComparison.Ordinal);
        Assert.Empty(harness.Queue.Messages);
    }

    [Fact]
    public async Task AcceptAsync_RoutedMessageExactlyAtTheQueueLimit_IsQueued()
    {
        var (result, size) = await SendWithMessageOfAsync(JobMessage.MaxJsonBytes);

        Assert.Equal(202, result.StatusCode);
        Assert.Equal(JobMessage.MaxJsonBytes, size);
    }

    [Fact]
    public async Task AcceptAsync_RoutedMessageOneByteOverTheQueueLimit_Answers400NamingItsSize()
    {
        var (result, size) = await SendWithMessageOfAsync(JobMessage.MaxJsonBytes + 1);

        Assert.Equal(400, result.StatusCode);
        Assert.Null(size);
        Assert.Contains($"would be {JobMessage.MaxJsonBytes + 1} bytes", result.Response.Reason, StringComparison.Ordinal);
    }

    /// <summary>
    /// Sends a queued job whose message is <paramref name="bytes"/> long: copies of a pool label of 90 'é' (written
    /// \u00E9 in the message, 543 bytes each with its quotes and comma) come close, one more pool label of 'x' and
    /// 'é' (one and six bytes) makes up the rest. Returns the answer and the queued message's size, if one was queued.
    /// </summary>
    private static async Task<(IntakeResult Result, int? Size)> SendWithMessageOfAsync(int bytes)
    {
        var wide = new string('é', 90);
        const int WideBytes = 543;
        var (_, withOneByteFiller) = await SendLabelsAsync(wide, 0, "x");
        var rest = bytes - (withOneByteFiller!.Value - 1);
        var copies = (rest - 1) / WideBytes;
        rest -= copies * WideBytes;
        var wideInFiller = Math.Max(0, (rest - 96) / 5);
        return await SendLabelsAsync(wide, copies, new string('é', wideInFiller) + new string('x', rest - (6 * wideInFiller)));
    }

    private static async Task<(IntakeResult Result, int? Size)> SendLabelsAsync(string wide, int copies, string filler)
    {
        using var harness = new IntakeHarness(values =>
        {
            values["Scaler:Pools:0:Labels:2"] = wide;
            values["Scaler:Pools:0:Labels:3"] = filler;
        });
        var payload = QueuedPayload();
        payload["workflow_job"]!["labels"] = new JsonArray([JsonValue.Create("self-hosted"), .. Enumerable.Repeat(wide, copies).Select(l => JsonValue.Create(l)), JsonValue.Create(filler)]);

        var result = await harness.SendAsync(Signed(payload));

        return (result, harness.Queue.Messages.TryPeek(out var message) ? message.ToJson().Length : null);
    }

    private static JsonNode QueuedPayload() => JsonNode.Parse(Payloads.Read("app.queued.json"))!;

    private static WebhookRequest Signed(JsonNode payload) =>
        Payloads.Request("workflow_job", Payloads.Utf8(payload.ToJsonString()));

    private static async Task AssertRejectedAsync(JsonNode payload, string reason)
    {
        using var harness = new IntakeHarness();

        var result = await harness.SendAsync(Signed(payload));

        Assert.Equal(400, result.StatusCode);
        Assert.Equal(IntakeOutcome.Rejected, result.Response.Outcome);
        Assert.Contains(reason, result.Response.Reason, StringComparison.Ordinal);
        Assert.Empty(harness.Queue.Messages);
    }
}
