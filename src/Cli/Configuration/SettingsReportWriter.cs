namespace Scaler.Cli.Configuration;

/// <summary>
/// Prints a <see cref="SettingsReport"/> one line per problem (<c>error: ...</c>, <c>warning: ...</c>). <c>scaler config
/// check</c> and <c>scaler serve</c> both print through it, so serve refuses bad settings with check's very lines.
/// </summary>
internal static class SettingsReportWriter
{
    public static void Write(SettingsReport report, TextWriter writer)
    {
        foreach (var error in report.Errors)
        {
            writer.WriteLine($"error: {OneLine(error)}");
        }

        foreach (var warning in report.Warnings)
        {
            writer.WriteLine($"warning: {OneLine(warning)}");
        }
    }

    /// <summary><c>2 errors, 1 warning</c>.</summary>
    public static string Counts(SettingsReport report) =>
        $"{Count(report.Errors.Count, "error")}, {Count(report.Warnings.Count, "warning")}";

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
