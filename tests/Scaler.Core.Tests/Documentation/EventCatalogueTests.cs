using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Scaler.Cli.Hosting;
using Scaler.Core.Intake;
using Scaler.Emulators.GitHub;
using Scaler.Functions;

namespace Scaler.Core.Tests.Documentation;

/// <summary>
/// docs/operations.md lists every log event once, as the code declares it: the same id, name and level, no
/// event missing and none that the code no longer has. Ids and names are what queries and alerts match, so
/// no two events may share one.
/// </summary>
public sealed class EventCatalogueTests
{
    private static readonly Assembly[] Assemblies =
    [
        typeof(WebhookIntake).Assembly,
        typeof(JobQueuePump).Assembly,
        typeof(FunctionsServices).Assembly,
        typeof(GitHubEmulator).Assembly,
    ];

    private static readonly IReadOnlyList<LogEvent> Code = LogEvent.DeclaredIn(Assemblies);

    private static readonly Lazy<IReadOnlyList<LogEvent>> Catalogue =
        new(() => EventCatalogue.Parse(File.ReadAllText(EventCatalogue.PagePath)));

    [Fact]
    public void DeclaredIn_PrivatePartialMethodsOfCoreAndCli_AreFound()
    {
        Assert.Contains(Code, e => e is { Id: 1505, Name: "JobRequeued" });
        Assert.Contains(Code, e => e is { Id: 1400, Name: "JobMessageFailed" });
    }

    [Fact]
    public void CodeEvents_EachHaveAnIdANameAndALevel()
    {
        Assert.All(Code, e => Assert.True(e.Id > 0 && e.Name.Length > 0 && e.Level != LogLevel.None,
            $"{e.Source} needs EventId, EventName and Level in its [LoggerMessage]"));
    }

    [Fact]
    public void CodeEvents_ShareNoId()
    {
        AssertNoneShared(Code, e => e.Id.ToString(CultureInfo.InvariantCulture), "[LoggerMessage] ids");
    }

    [Fact]
    public void CodeEvents_ShareNoName()
    {
        AssertNoneShared(Code, e => e.Name, "[LoggerMessage] names");
    }

    [Fact]
    public void Catalogue_ListsEachIdAndNameOnce()
    {
        AssertNoneShared(Catalogue.Value, e => e.Id.ToString(CultureInfo.InvariantCulture), "ids in the catalogue");
        AssertNoneShared(Catalogue.Value, e => e.Name, "names in the catalogue");
    }

    [Fact]
    public void Catalogue_ListsEveryCodeEvent_WithItsNameAndLevel()
    {
        var missing = Code.Where(e => !Catalogue.Value.Any(row => Same(row, e))).Select(e => e.ToString()).ToList();

        Assert.True(missing.Count == 0,
            $"{EventCatalogue.Heading} in docs/operations.md lacks, or lists with another name or level:\n{string.Join('\n', missing)}");
    }

    [Fact]
    public void Catalogue_ListsNoEventTheCodeLacks()
    {
        var stale = Catalogue.Value.Where(row => !Code.Any(e => Same(row, e))).Select(e => e.ToString()).ToList();

        Assert.True(stale.Count == 0,
            $"{EventCatalogue.Heading} in docs/operations.md lists events no [LoggerMessage] declares so:\n{string.Join('\n', stale)}");
    }

    private static bool Same(LogEvent a, LogEvent b) => a.Id == b.Id && a.Name == b.Name && a.Level == b.Level;

    private static void AssertNoneShared(IEnumerable<LogEvent> events, Func<LogEvent, string> key, string what)
    {
        var shared = events.GroupBy(key).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Source))}").ToList();

        Assert.True(shared.Count == 0, $"Shared {what}:\n{string.Join('\n', shared)}");
    }
}
