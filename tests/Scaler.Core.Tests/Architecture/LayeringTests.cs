using System.Reflection;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using Scaler.Core.Intake;
using Scaler.Emulators.GitHub;
using static ArchUnitNET.Fluent.ArchRuleDefinition;
using static ArchUnitNET.Fluent.Slices.SliceRuleDefinition;

namespace Scaler.Core.Tests.Architecture;

/// <summary>
/// The layout of docs/architecture.md held by the compiler's output: Core's folders depend on each other one
/// way only (intake, then the job's life, then pool convergence, then the ports, with pools and telemetry at
/// the bottom, the adapters' one failure type beneath them all), Core knows no host and no emulator, and the emulators
/// know no Scaler code.
/// </summary>
public sealed class LayeringTests
{
    private static readonly Assembly CoreAssembly = typeof(WebhookIntake).Assembly;
    private static readonly Assembly EmulatorsAssembly = typeof(GitHubEmulator).Assembly;
    private static readonly ArchUnitNET.Domain.Architecture Core = new ArchLoader().LoadAssemblies(CoreAssembly).Build();

    [Fact]
    public void CoreNamespaces_DependOnEachOtherOneWayOnly()
    {
        Slices().Matching("Scaler.Core.(*)").Should().BeFreeOfCycles().Check(Core);
    }

    [Theory]
    [InlineData("Scaler.Core.Intake", "Scaler.Core.GitHub")]
    [InlineData("Scaler.Core.Intake", "Scaler.Core.Compute")]
    [InlineData("Scaler.Core.Intake", "Scaler.Core.State")]
    [InlineData("Scaler.Core.Intake", "Scaler.Core.Runners")]
    [InlineData("Scaler.Core.Intake", "Scaler.Core.Convergence")]
    [InlineData("Scaler.Core.Jobs", "Scaler.Core.Convergence")]
    [InlineData("Scaler.Core.Runners", "Scaler.Core.Jobs")]
    [InlineData("Scaler.Core.GitHub", "Scaler.Core.Jobs")]
    [InlineData("Scaler.Core.Compute", "Scaler.Core.Jobs")]
    [InlineData("Scaler.Core.State", "Scaler.Core.Jobs")]
    [InlineData("Scaler.Core.Pools", "Scaler.Core.GitHub")]
    [InlineData("Scaler.Core.Telemetry", "Scaler.Core.Pools")]
    public void Layer_DoesNotDependOnALayerAboveOrBeside(string layer, string forbidden)
    {
        Types().That().ResideInNamespaceOrBelow(layer).Should()
            .NotDependOnAny(Types().That().ResideInNamespaceOrBelow(forbidden))
            .Check(Core);
    }

    [Fact]
    public void Failures_DependOnNoOtherCoreNamespace()
    {
        Types().That().ResideInNamespaceOrBelow("Scaler.Core.Failures").Should()
            .NotDependOnAny(Types().That().ResideInNamespaceOrBelow("Scaler.Core").And().DoNotResideInNamespaceOrBelow("Scaler.Core.Failures"))
            .Check(Core);
    }

    [Fact]
    public void Core_ReferencesNoHostAndNoEmulator()
    {
        Assert.DoesNotContain(References(CoreAssembly), name => name is "Scaler.Functions" or "Scaler.Cli" or "Scaler.Emulators"
            || name.StartsWith("Microsoft.Azure.Functions", StringComparison.Ordinal));
    }

    [Fact]
    public void Emulators_ReferenceNoScalerCode()
    {
        Assert.DoesNotContain(References(EmulatorsAssembly), name => name.StartsWith("Scaler.", StringComparison.Ordinal));
    }

    private static List<string> References(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();
}
