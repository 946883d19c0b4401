using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Scaler.Core.Tests.Documentation;

/// <summary>One log event: its stable id, name and level, and where it is declared or listed.</summary>
internal sealed record LogEvent(int Id, string Name, LogLevel Level, string Source)
{
    public override string ToString() => $"{Id} {Name} {Level} ({Source})";

    /// <summary>
    /// Every <c>[LoggerMessage]</c> method of the assemblies, public or not: the attribute stays on the partial
    /// method the source generator implements, so the compiled assemblies are the list of record.
    /// </summary>
    public static IReadOnlyList<LogEvent> DeclaredIn(IEnumerable<Assembly> assemblies) =>
        [.. from assembly in assemblies
            from type in assembly.GetTypes()
            from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            let attribute = method.GetCustomAttribute<LoggerMessageAttribute>()
            where attribute is not null
            orderby attribute.EventId
            select new LogEvent(attribute.EventId, attribute.EventName ?? "", attribute.Level, $"{type.FullName}.{method.Name}")];
}
