using System.Globalization;
using System.Text;

namespace Scaler.Cli.Simulation;

/// <summary>
/// The shipped traces, generated from a seed (the same seed gives the same file): pushes arrive as a Poisson process
/// whose hourly rate follows the shape, and each push queues a workflow run of a few jobs within seconds of each other.
/// Durations are log-normal around a few minutes. About one job in seven asks for the large runners.
/// </summary>
internal static class TraceShapes
{
    public static readonly IReadOnlyList<string> Names = ["weekday", "matrix", "night"];

    private static readonly string[] Repositories = ["contoso/api", "contoso/web", "contoso/mobile", "contoso/infra", "contoso/data", "contoso/docs"];

    public static string Generate(string shape, int seed)
    {
        var random = new Random(seed);
        var jobs = shape switch
        {
            "weekday" => Weekday(random),
            "matrix" => Matrix(random),
            "night" => Night(random),
            _ => throw new ArgumentException($"Unknown trace shape '{shape}': use {string.Join(", ", Names)}.", nameof(shape)),
        };
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# scaler simulate trace --shape {shape} --seed {seed}\n");
        text.Append(TraceFile.Header).Append('\n');
        foreach (var job in jobs.OrderBy(j => j.Arrival))
        {
            text.Append(CultureInfo.InvariantCulture, $"{job.Arrival.TotalSeconds:0},{string.Join(' ', job.Labels)},{job.Repository},{job.Duration.TotalSeconds:0}\n");
        }

        return text.ToString();
    }

    /// <summary>24 hours from midnight: quiet until 07:00, a peak from 09:00 to 11:00, a lunch dip, a busy afternoon, a quiet evening.</summary>
    private static List<TraceJob> Weekday(Random random)
    {
        double[] pushesPerHour = [1, 1, 0, 0, 1, 1, 2, 6, 20, 40, 40, 30, 15, 22, 28, 28, 24, 16, 8, 5, 3, 2, 2, 1];
        var jobs = new List<TraceJob>();
        for (var hour = 0; hour < pushesPerHour.Length; hour++)
        {
            Pushes(random, TimeSpan.FromHours(hour), TimeSpan.FromHours(1), pushesPerHour[hour], jobs);
        }

        return jobs;
    }

    /// <summary>4 hours of a monorepo: a few pushes an hour, and every 20 to 40 minutes a matrix build of 20 to 60 jobs queued within 5 s.</summary>
    private static List<TraceJob> Matrix(Random random)
    {
        var jobs = new List<TraceJob>();
        Pushes(random, TimeSpan.Zero, TimeSpan.FromHours(4), 4, jobs);
        for (var at = TimeSpan.FromMinutes(random.Next(5, 15)); at < TimeSpan.FromHours(4); at += TimeSpan.FromMinutes(random.Next(20, 41)))
        {
            var size = random.Next(20, 61);
            for (var i = 0; i < size; i++)
            {
                jobs.Add(new TraceJob(at + TimeSpan.FromSeconds(random.NextDouble() * 5), ["self-hosted", "linux", "x64"], "contoso/monorepo", Duration(random, median: 6)));
            }
        }

        return jobs;
    }

    /// <summary>8 hours of night: a push now and then, and a nightly batch of 12 jobs at 02:00.</summary>
    private static List<TraceJob> Night(Random random)
    {
        var jobs = new List<TraceJob>();
        Pushes(random, TimeSpan.Zero, TimeSpan.FromHours(8), 1.5, jobs);
        for (var i = 0; i < 12; i++)
        {
            jobs.Add(new TraceJob(TimeSpan.FromHours(2) + TimeSpan.FromSeconds(random.NextDouble() * 3), ["self-hosted", "linux", "x64", "large"], Repositories[i % Repositories.Length], Duration(random, median: 20)));
        }

        return jobs;
    }

    /// <summary>Pushes at <paramref name="perHour"/> in [from, from + length), each a run of 1 to 6 jobs within 10 s.</summary>
    private static void Pushes(Random random, TimeSpan from, TimeSpan length, double perHour, List<TraceJob> jobs)
    {
        if (perHour <= 0)
        {
            return;
        }

        var at = from;
        while (true)
        {
            at += TimeSpan.FromHours(-Math.Log(1 - random.NextDouble()) / perHour);
            if (at >= from + length)
            {
                return;
            }

            var repository = Repositories[random.Next(Repositories.Length)];
            var large = random.Next(7) == 0;
            var count = random.Next(1, 7);
            for (var i = 0; i < count; i++)
            {
                string[] labels = large ? ["self-hosted", "linux", "x64", "large"] : ["self-hosted", "linux", "x64"];
                jobs.Add(new TraceJob(at + TimeSpan.FromSeconds(random.NextDouble() * 10), labels, repository, Duration(random, median: large ? 12 : 4)));
            }
        }
    }

    /// <summary>Log-normal minutes around <paramref name="median"/>, between 20 s and 90 min, whole seconds.</summary>
    private static TimeSpan Duration(Random random, double median)
    {
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var minutes = Math.Clamp(median * Math.Exp(0.6 * normal), 1.0 / 3, 90);
        return TimeSpan.FromSeconds(Math.Round(minutes * 60));
    }
}
