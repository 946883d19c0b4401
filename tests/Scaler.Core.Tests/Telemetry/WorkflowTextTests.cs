using Scaler.Core.Telemetry;

namespace Scaler.Core.Tests.Telemetry;

public class WorkflowTextTests
{
    [Theory]
    [InlineData("linux", "linux")]
    [InlineData("contoso/api", "contoso/api")]
    [InlineData("a\r\nb", @"a\r\nb")]
    [InlineData("a\rinfo: forged", @"a\rinfo: forged")]
    [InlineData("tab\there", @"tab\there")]
    [InlineData("\u001b[31mred", @"\u001b[31mred")]
    [InlineData("nel\u0085line", @"nel\u0085line")]
    [InlineData("sep\u2028line\u2029para", @"sep\u2028line\u2029para")]
    [InlineData("bidi\u202eevil\u2066", @"bidi\u202eevil\u2066")]
    [InlineData(@"a\nb", @"a\\nb")]
    [InlineData("é 🚀 ✓", "é 🚀 ✓")]
    public void From_String_EscapesWhatBreaksOrDisguisesALine(string value, string expected)
    {
        Assert.Equal(expected, WorkflowText.From(value).ToString());
    }

    [Fact]
    public void From_Null_IsNone()
    {
        Assert.Equal("(none)", WorkflowText.From((string?)null).ToString());
    }

    [Fact]
    public void From_LongValue_IsCutWithItsLength()
    {
        var text = WorkflowText.From(new string('a', 20_000_000)).ToString();

        Assert.StartsWith(new string('a', WorkflowText.MaxChars), text, StringComparison.Ordinal);
        Assert.EndsWith("… (20000000 chars)", text, StringComparison.Ordinal);
        Assert.True(text.Length < WorkflowText.MaxChars + 30, $"{text.Length} characters");
    }

    [Fact]
    public void From_LongValueOfLineBreaks_CountsTheEscapesAgainstTheCap()
    {
        var text = WorkflowText.From(new string('\n', 10_000)).ToString();

        Assert.DoesNotContain('\n', text);
        Assert.StartsWith(@"\n\n", text, StringComparison.Ordinal);
        Assert.True(text.Length < WorkflowText.MaxChars + 30, $"{text.Length} characters");
    }

    [Fact]
    public void From_CutAtASurrogatePair_KeepsThePairWhole()
    {
        var value = new string('a', WorkflowText.MaxChars - 1) + "🚀🚀";

        var text = WorkflowText.From(value).ToString();

        Assert.StartsWith(new string('a', WorkflowText.MaxChars - 1) + "…", text, StringComparison.Ordinal);
    }

    [Fact]
    public void From_LoneSurrogate_IsEscaped()
    {
        Assert.Equal(@"x\ud800y", WorkflowText.From("x\ud800y").ToString());
    }

    [Fact]
    public void From_Labels_JoinsThemEscaped()
    {
        Assert.Equal(@"self-hosted, linux, evil\r\nline", WorkflowText.From(["self-hosted", "linux", "evil\r\nline"]).ToString());
    }

    [Fact]
    public void From_ManyLongLabels_ShowsTheFirstTenCutAndCountsTheRest()
    {
        var labels = Enumerable.Range(0, 100).Select(i => $"{i}-" + new string('x', 200_000)).ToList();

        var text = WorkflowText.From(labels).ToString();

        Assert.EndsWith("… (+90 more)", text, StringComparison.Ordinal);
        Assert.Contains("9-xxx", text, StringComparison.Ordinal);
        Assert.DoesNotContain("10-xxx", text, StringComparison.Ordinal);
        Assert.True(text.Length < WorkflowText.MaxItems * (WorkflowText.MaxItemChars + 30), $"{text.Length} characters");
    }

    [Fact]
    public void ImplicitConversion_EscapesLikeFrom()
    {
        WorkflowText text = "a\rb";

        Assert.Equal(@"a\rb", text.ToString());
    }
}
