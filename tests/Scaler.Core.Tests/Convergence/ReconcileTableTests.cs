using System.Reflection;
using Scaler.Core.Convergence;

namespace Scaler.Core.Tests.Convergence;

/// <summary>The reconcile table in docs/operations.md is the planner's specification: its rows are the rules, in order.</summary>
public class ReconcileTableTests
{
    private static readonly string Page = Path.Combine(AppContext.BaseDirectory, "docs", "operations.md");

    [Fact]
    public void Rules_InCodeAndInTheDocsTable_HaveTheSameNamesInTheSameOrder()
    {
        var rows = RuleColumn(File.ReadAllLines(Page));

        Assert.Equal(rows, ReconcilePlanner.Rules.Select(r => r.Method.Name));
    }

    [Fact]
    public void Rules_EveryPublicRuleFunction_IsInThePlanOnce()
    {
        Type[] ruleClasses = [typeof(ReconcileRules), typeof(StandbyRules)];
        var functions = ruleClasses.SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static)).Select(m => m.Name).Order(StringComparer.Ordinal);

        Assert.All(ReconcilePlanner.Rules, r => Assert.Contains(r.Method.DeclaringType, ruleClasses));
        Assert.Equal(functions, ReconcilePlanner.Rules.Select(r => r.Method.Name).Order(StringComparer.Ordinal));
    }

    /// <summary>The Rule column of the first table under "### Reconcile", without its backticks.</summary>
    private static List<string> RuleColumn(string[] lines)
    {
        var section = Array.FindIndex(lines, l => l.StartsWith("### Reconcile ", StringComparison.Ordinal));
        Assert.True(section >= 0, "docs/operations.md has no \"### Reconcile\" section");
        var header = Array.FindIndex(lines, section, l => l.StartsWith('|'));
        Assert.True(header >= 0, "the Reconcile section has no table");
        var column = Array.IndexOf(Cells(lines[header]), "Rule");
        Assert.True(column >= 0, $"the reconcile table has no Rule column: {lines[header]}");
        return lines.Skip(header + 2).TakeWhile(l => l.StartsWith('|')).Select(l => Cells(l)[column].Trim('`')).ToList();
    }

    private static string[] Cells(string row) => row.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
}
