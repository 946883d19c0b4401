using System.Globalization;
using System.Security;
using System.Text;

namespace Scaler.Cli.Simulation;

/// <summary>
/// The run as an SVG chart: runners stacked by phase (busy, idle, booting) and standby VMs on top as areas, and queued
/// jobs as a line, sampled at 600 steps over the run; hours (or minutes, for a short run) along the bottom.
/// </summary>
internal static class ReportChart
{
    private const int Width = 1000;
    private const int Height = 420;
    private const int Left = 60;
    private const int Right = 20;
    private const int Top = 40;
    private const int Bottom = 50;
    private const int Steps = 600;

    private static readonly (string Name, string Color)[] Series =
    [
        ("busy", "#2f7ed8"),
        ("idle", "#8bbc21"),
        ("booting", "#f28f43"),
        ("standby", "#a0a0a0"),
    ];

    public static string Render(SimulationResult result, string title)
    {
        ArgumentNullException.ThrowIfNull(result);
        var span = result.End - result.Start;
        var step = TimeSpan.FromTicks(Math.Max(span.Ticks / Steps, TimeSpan.TicksPerSecond));
        var samples = new List<TimelinePoint>();
        for (var at = result.Start; at <= result.End; at += step)
        {
            samples.Add(result.Timeline.At(at));
        }

        var top = Math.Max(1, samples.Select(s => Math.Max(s.Runners + s.Standby, s.Queued)).DefaultIfEmpty(0).Max());
        double X(int i) => Left + (Width - Left - Right) * (samples.Count <= 1 ? 0 : (double)i / (samples.Count - 1));
        double Y(int value) => Height - Bottom - ((Height - Top - Bottom) * (double)value / top);

        var svg = new StringBuilder();
        svg.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">\n"));
        svg.Append(Invariant($"<title>{Escape(title)}: queued jobs and runners over time</title>\n"));
        svg.Append(Invariant($"<rect x=\"0\" y=\"0\" width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n"));
        svg.Append(Invariant($"<text x=\"{Left}\" y=\"20\" font-size=\"14\">{Escape(title)}: runners by phase (stacked) and queued jobs</text>\n"));

        // Stacked areas, top layer first so each lower one is drawn over it; standby only for a run that had standby VMs.
        var layers = samples.Any(s => s.Standby > 0) ? Series.Length : Series.Length - 1;
        for (var layer = layers - 1; layer >= 0; layer--)
        {
            var points = new StringBuilder();
            points.Append(Invariant($"{X(0):0.#},{Y(0):0.#} "));
            for (var i = 0; i < samples.Count; i++)
            {
                points.Append(Invariant($"{X(i):0.#},{Y(Stack(samples[i], layer)):0.#} "));
            }

            points.Append(Invariant($"{X(samples.Count - 1):0.#},{Y(0):0.#}"));
            svg.Append(Invariant($"<polygon points=\"{points}\" fill=\"{Series[layer].Color}\" fill-opacity=\"0.8\" stroke=\"none\"/>\n"));
        }

        var queued = string.Join(' ', samples.Select((s, i) => Invariant($"{X(i):0.#},{Y(s.Queued):0.#}")));
        svg.Append(Invariant($"<polyline points=\"{queued}\" fill=\"none\" stroke=\"#c42525\" stroke-width=\"1.5\"/>\n"));
        Axes(svg, result, top, Y);
        Legend(svg, layers);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>The height of the stack up to and including <paramref name="layer"/>.</summary>
    private static int Stack(TimelinePoint point, int layer) => layer switch
    {
        0 => point.Busy,
        1 => point.Busy + point.Idle,
        2 => point.Runners,
        _ => point.Runners + point.Standby,
    };

    private static void Axes(StringBuilder svg, SimulationResult result, int top, Func<int, double> y)
    {
        var (bottom, right) = (Height - Bottom, Width - Right);
        svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{bottom}\" x2=\"{right}\" y2=\"{bottom}\" stroke=\"black\"/>\n"));
        svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{bottom}\" stroke=\"black\"/>\n"));
        var valueStep = NiceStep(top);
        for (var v = 0; v <= top; v += valueStep)
        {
            svg.Append(Invariant($"<text x=\"{Left - 6}\" y=\"{y(v) + 4:0.#}\" text-anchor=\"end\">{v}</text>\n"));
        }

        var span = result.End - result.Start;
        var tick = span > TimeSpan.FromHours(12) ? TimeSpan.FromHours(2) : span > TimeSpan.FromHours(3) ? TimeSpan.FromHours(1) : span > TimeSpan.FromMinutes(30) ? TimeSpan.FromMinutes(15) : TimeSpan.FromMinutes(1);
        for (var at = TimeSpan.Zero; at <= span; at += tick)
        {
            var x = Left + ((Width - Left - Right) * (at / span));
            svg.Append(Invariant($"<line x1=\"{x:0.#}\" y1=\"{bottom}\" x2=\"{x:0.#}\" y2=\"{bottom + 4}\" stroke=\"black\"/>\n"));
            svg.Append(Invariant($"<text x=\"{x:0.#}\" y=\"{bottom + 18}\" text-anchor=\"middle\">{(int)at.TotalHours:00}:{at.Minutes:00}</text>\n"));
        }

        svg.Append(Invariant($"<text x=\"{(Left + right) / 2}\" y=\"{Height - 10}\" text-anchor=\"middle\">time since the trace's start (h:mm)</text>\n"));
    }

    private static void Legend(StringBuilder svg, int layers)
    {
        var x = Width - Right - 90 - (80 * layers);
        foreach (var (name, color) in Series.Take(layers).Reverse())
        {
            svg.Append(Invariant($"<rect x=\"{x}\" y=\"28\" width=\"12\" height=\"12\" fill=\"{color}\"/><text x=\"{x + 16}\" y=\"38\">{name}</text>\n"));
            x += 80;
        }

        svg.Append(Invariant($"<line x1=\"{x}\" y1=\"34\" x2=\"{x + 12}\" y2=\"34\" stroke=\"#c42525\" stroke-width=\"2\"/><text x=\"{x + 16}\" y=\"38\">queued jobs</text>\n"));
    }

    private static int NiceStep(int top) => top switch
    {
        <= 10 => 1,
        <= 25 => 5,
        <= 50 => 10,
        <= 100 => 20,
        <= 250 => 50,
        _ => 100,
    };

    private static string Escape(string text) => SecurityElement.Escape(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
