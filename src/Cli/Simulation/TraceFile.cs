using System.Globalization;

namespace Scaler.Cli.Simulation;

/// <summary>A trace line that cannot be read, with its line number.</summary>
internal sealed class TraceFormatException(string source, int line, string problem)
    : Exception($"{source}:{line}: {problem}")
{
    public int Line { get; } = line;
}

/// <summary>
/// Reads a trace: CSV with the header <c>arrival,labels,repository,duration</c>, one job a line. Times are seconds
/// (<c>90</c>, <c>12.5</c>) or <c>[d.]hh:mm:ss</c>; labels are separated by spaces. Blank lines and lines starting with
/// <c>#</c> are skipped. Jobs come back in arrival order.
/// </summary>
internal static class TraceFile
{
    public const string Header = "arrival,labels,repository,duration";

    public static IReadOnlyList<TraceJob> Read(string path) => Parse(File.ReadAllText(path), Path.GetFileName(path));

    public static IReadOnlyList<TraceJob> Parse(string text, string source)
    {
        var jobs = new List<TraceJob>();
        var header = false;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r').Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (!header)
            {
                if (!string.Equals(string.Join(',', line.Split(',').Select(c => c.Trim())), Header, StringComparison.OrdinalIgnoreCase))
                {
                    throw new TraceFormatException(source, i + 1, $"the first line must be the header '{Header}', not '{line}'");
                }

                header = true;
                continue;
            }

            jobs.Add(ParseJob(line, source, i + 1));
        }

        if (jobs.Count == 0)
        {
            throw new TraceFormatException(source, lines.Length, "the trace has no jobs");
        }

        return [.. jobs.OrderBy(j => j.Arrival)];
    }

    private static TraceJob ParseJob(string line, string source, int number)
    {
        var cells = line.Split(',').Select(c => c.Trim()).ToArray();
        if (cells.Length != 4)
        {
            throw new TraceFormatException(source, number, $"expected 4 fields ({Header}), found {cells.Length}");
        }

        var arrival = Time(cells[0], "arrival", source, number);
        var labels = cells[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (labels.Length == 0)
        {
            throw new TraceFormatException(source, number, "labels are empty: give the job's runs-on labels separated by spaces, e.g. 'self-hosted linux x64'");
        }

        if (cells[2].Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
        {
            throw new TraceFormatException(source, number, $"repository '{cells[2]}' is not owner/name");
        }

        var duration = Time(cells[3], "duration", source, number);
        if (duration <= TimeSpan.Zero)
        {
            throw new TraceFormatException(source, number, $"duration must be positive, not '{cells[3]}'");
        }

        return new TraceJob(arrival, labels, cells[2], duration);
    }

    private static TimeSpan Time(string cell, string field, string source, int number)
    {
        if (double.TryParse(cell, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (cell.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(cell, CultureInfo.InvariantCulture, out var time) && time >= TimeSpan.Zero)
        {
            return time;
        }

        throw new TraceFormatException(source, number, $"{field} '{cell}' is neither seconds nor [d.]hh:mm:ss");
    }
}
