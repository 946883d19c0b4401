namespace Scaler.Cli.Tests;

public sealed class HelpTests
{
    private static readonly string[] Commands = ["serve", "demo", "cloud-init", "config", "simulate"];

    [Theory]
    [InlineData("serve", "--urls")]
    [InlineData("demo", "--jobs")]
    [InlineData("cloud-init", "--pool")]
    [InlineData("config check", "--settings")]
    [InlineData("simulate", "--trace")]
    [InlineData("simulate trace", "--shape")]
    public async Task Help_EveryCommand_PrintsUsageAndOptions(string command, string option)
    {
        var run = await CommandLine.RunAsync([.. command.Split(' '), "--help"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage:", run.Output, StringComparison.Ordinal);
        Assert.Contains(command, run.Output, StringComparison.Ordinal);
        Assert.Contains(option, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_Root_ListsEveryCommand()
    {
        var run = await CommandLine.RunAsync("--help");

        Assert.Equal(0, run.ExitCode);
        Assert.All(Commands, c => Assert.Contains(c, run.Output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Parse_UnknownCommand_ExitsNonZero()
    {
        var run = await CommandLine.RunAsync("deploy");

        Assert.NotEqual(0, run.ExitCode);
    }
}
