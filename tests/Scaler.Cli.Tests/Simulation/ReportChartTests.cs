using System.Xml.Linq;
using Scaler.Cli.Simulation;

namespace Scaler.Cli.Tests.Simulation;

public sealed class ReportChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public async Task Render_TitleWithMarkup_IsWellFormedSvgWithThreeAreasAndTheQueueLine()
    {
        var trace = TraceFile.Read(Path.Combine(Repository.Root, "bench", "traces", "night.csv"));
        var result = await Scaler.Cli.Simulation.Simulation.RunAsync(SimulationSettings.Load(null), trace, null, CancellationToken.None);

        var document = XDocument.Parse(ReportChart.Render(result, "night <&> \"trace\".csv"));

        Assert.Equal(Svg + "svg", document.Root!.Name);
        Assert.Equal("night <&> \"trace\".csv: queued jobs and runners over time", document.Root.Element(Svg + "title")!.Value);
        Assert.Equal(3, document.Root.Elements(Svg + "polygon").Count());
        var queued = Assert.Single(document.Root.Elements(Svg + "polyline"));
        Assert.True(queued.Attribute("points")!.Value.Split(' ').Length > 100);
    }
}
