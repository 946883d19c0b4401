using Microsoft.Extensions.Logging;

namespace Scaler.Core.Tests.Documentation;

/// <summary>
/// The rows of the table under "## Event catalogue" in docs/operations.md: <c>| id | `Name` | Level | meaning |</c>.
/// Rows whose first cell is not a number (the header, the separator) are not events.
/// </summary>
internal static class EventCatalogue
{
    public const string Heading = "## Event catalogue";

    public static string PagePath => Path.Combine(RepositoryRoot(), "docs", "operations.md");

    public static IReadOnlyList<LogEvent> Parse(string page)
    {
        var lines = page.Split('\n');
        var start = Array.FindIndex(lines, l => l.TrimEnd() == Heading);
        if (start < 0)
        {
            throw new InvalidOperationException($"docs/operations.md has no section '{Heading}'");
        }

        var rows = new List<LogEvent>();
        for (var i = start + 1; i < lines.Length && !lines[i].StartsWith("## ", StringComparison.Ordinal); i++)
        {
            var cells = lines[i].Split('|');
            if (cells.Length < 5 || !int.TryParse(cells[1].Trim(), out var id))
            {
                continue;
            }

            var level = Enum.TryParse<LogLevel>(cells[3].Trim(), out var parsed) ? parsed : LogLevel.None;
            rows.Add(new LogEvent(id, cells[2].Trim().Trim('`'), level, $"docs/operations.md line {i + 1}"));
        }

        return rows;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Scaler.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Scaler.sln not found above {AppContext.BaseDirectory}");
    }
}
