using Scaler.Cli.Simulation;

namespace Scaler.Cli.Tests.Simulation;

public sealed class TraceFileTests
{
    [Fact]
    public void Parse_CommentsBlankLinesAndBothTimeForms_ReadsJobsInArrivalOrder()
    {
        const string Text = "# a comment\narrival,labels,repository,duration\n\n00:01:30,self-hosted linux,contoso/api,00:10:00\r\n12.5,self-hosted  linux x64,contoso/web,300\n";

        var jobs = TraceFile.Parse(Text, "t.csv");

        Assert.Equal([TimeSpan.FromSeconds(12.5), TimeSpan.FromSeconds(90)], jobs.Select(j => j.Arrival));
        Assert.Equal(["self-hosted", "linux", "x64"], jobs[0].Labels);
        Assert.Equal("contoso/web", jobs[0].Repository);
        Assert.Equal(TimeSpan.FromMinutes(5), jobs[0].Duration);
        Assert.Equal(TimeSpan.FromMinutes(10), jobs[1].Duration);
    }

    [Theory]
    [InlineData("time,labels,repo,duration\n1,self-hosted,contoso/api,60", 1, "the first line must be the header")]
    [InlineData("# c\narrival,labels,repository,duration\n1,self-hosted,contoso/api", 3, "expected 4 fields")]
    [InlineData("arrival,labels,repository,duration\n1,self-hosted,contoso/api,60\nsoon,self-hosted,contoso/api,60", 3, "arrival 'soon' is neither seconds nor")]
    [InlineData("arrival,labels,repository,duration\n-5,self-hosted,contoso/api,60", 2, "arrival '-5'")]
    [InlineData("arrival,labels,repository,duration\n1,self-hosted,contoso/api,0", 2, "duration must be positive")]
    [InlineData("arrival,labels,repository,duration\n1,self-hosted,api,60", 2, "repository 'api' is not owner/name")]
    [InlineData("arrival,labels,repository,duration\n1, ,contoso/api,60", 2, "labels are empty")]
    [InlineData("arrival,labels,repository,duration\n", 2, "the trace has no jobs")]
    public void Parse_BadInput_SaysWhatAndOnWhichLine(string text, int line, string problem)
    {
        var error = Assert.Throws<TraceFormatException>(() => TraceFile.Parse(text, "t.csv"));

        Assert.Equal(line, error.Line);
        Assert.StartsWith($"t.csv:{line}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }
}
