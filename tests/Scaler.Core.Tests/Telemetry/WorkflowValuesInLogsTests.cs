using System.Text.Json;
using Scaler.Core.Tests.Fakes;
using Scaler.Tests.Shared;

namespace Scaler.Core.Tests.Telemetry;

/// <summary>
/// Issue 13, finding 4: a not-routed job once logged all its labels in a 19.8 MB line. Values a workflow author
/// chooses reach the log escaped onto one line and capped, in the message and in the structured state.
/// </summary>
public class WorkflowValuesInLogsTests
{
    [Fact]
    public async Task NotRouted_HundredLongLabelsWithLineSeparators_LogsOneShortLine()
    {
        using var harness = new IntakeHarness();
        // Labels with \r, \n or over 100 characters are refused with 400 (DeliveryFieldRulesTests); YAML's and
        // Unicode's other line breaks are not control characters, so they reach the not-routed log and must be escaped.
        List<string> labels = ["self-hosted", "nowhere\u2028info: Scaler[1000] forged line"];
        labels.AddRange(Enumerable.Range(0, 98).Select(i => $"label{i}\u2029" + new string('x', 90)));
        var body = Payloads.Utf8(JsonSerializer.Serialize(new
        {
            action = "queued",
            workflow_job = new { id = 1, run_id = 2, labels },
            repository = new { full_name = "contoso/api" },
        }));

        var result = await harness.SendAsync(Payloads.Request("workflow_job", body));

        Assert.Equal(202, result.StatusCode);
        var record = Assert.Single(harness.Logs.GetSnapshot(), r => r.Id.Name == "WebhookNotRouted");
        AssertOneShortLine(record.Message, 4_000);
        Assert.Contains(@"nowhere\u2028info: Scaler[1000] forged line", record.Message, StringComparison.Ordinal);
        Assert.Contains("(+90 more)", record.Message, StringComparison.Ordinal);
        Assert.All(record.StructuredState!, pair => AssertOneShortLine(pair.Value ?? string.Empty, 4_000));
    }

    [Fact]
    public async Task CompletedElsewhere_RunnerNameWithLineBreaks_IsEscaped()
    {
        using var harness = new ProcessorHarness();
        var runner = "laptop\r\ninfo: Scaler[1306] forged\u001b[2K" + new string('y', 50_000);

        await harness.ProcessAsync(harness.Completed(1, runner));

        var record = Assert.Single(harness.Logs.GetSnapshot(), r => r.Id.Name == "JobCompletedElsewhere");
        AssertOneShortLine(record.Message, 1_000);
        Assert.Contains(@"laptop\r\ninfo: Scaler[1306] forged\u001b[2K", record.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Started_RunnerNameWithCarriageReturn_IsEscaped()
    {
        using var harness = new ProcessorHarness();
        await harness.ProcessAsync(harness.Queued(1));

        await harness.ProcessAsync(harness.InProgress(1, "linux-x64-1\rinfo: forged"));

        var record = Assert.Single(harness.Logs.GetSnapshot(), r => r.Id.Name == "JobStarted");
        AssertOneShortLine(record.Message, 1_000);
        Assert.Contains(@"linux-x64-1\rinfo: forged", record.Message, StringComparison.Ordinal);
    }

    private static void AssertOneShortLine(string text, int maxChars)
    {
        Assert.DoesNotContain('\r', text);
        Assert.DoesNotContain('\n', text);
        Assert.DoesNotContain('\u001b', text);
        Assert.True(text.Length <= maxChars, $"{text.Length} characters: {text[..Math.Min(text.Length, 200)]}");
    }
}
