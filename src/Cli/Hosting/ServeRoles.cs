namespace Scaler.Cli.Hosting;

/// <summary>Which parts of Scaler a <c>scaler serve</c> process runs.</summary>
[Flags]
public enum ServeRoles
{
    None = 0,

    /// <summary>The webhook at <c>POST /api/github/webhook</c>.</summary>
    Intake = 1,

    /// <summary>The <c>workflow-jobs</c> queue consumer.</summary>
    Jobs = 2,

    /// <summary>The reconcile timer.</summary>
    Timers = 4,

    All = Intake | Jobs | Timers,
}

public static class ServeRolesParser
{
    /// <summary>Parses <c>intake,jobs,timers</c>; unknown names are an error that lists the known ones.</summary>
    public static ServeRoles Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var roles = ServeRoles.None;
        foreach (var name in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            roles |= name.ToLowerInvariant() switch
            {
                "intake" => ServeRoles.Intake,
                "jobs" => ServeRoles.Jobs,
                "timers" => ServeRoles.Timers,
                _ => throw new ArgumentException($"Unknown role '{name}': use intake, jobs and timers, separated by commas."),
            };
        }

        return roles == ServeRoles.None ? throw new ArgumentException("No role given: use intake, jobs and timers, separated by commas.") : roles;
    }
}
