using System.Diagnostics;

namespace Scaler.Core.Tests.Runners;

/// <summary>
/// Runs a shell script for real in a temporary directory whose <c>bin</c> is the whole PATH: every command the script
/// calls is either a stub that records its arguments (one line per call, <c>name args</c>, in call order) or a real
/// tool linked in on purpose, so a script can call nothing the test did not expect.
/// </summary>
internal sealed class ScriptSandbox : IDisposable
{
    public ScriptSandbox()
    {
        Root = Directory.CreateTempSubdirectory("scaler-script-").FullName;
        Directory.CreateDirectory(Bin);
        File.WriteAllText(CallLog, "");
    }

    public string Root { get; }

    public string Bin => Path.Combine(Root, "bin");

    public string CallLog => Path.Combine(Root, "calls.log");

    /// <summary>Every stub's calls so far, in order.</summary>
    public IReadOnlyList<string> Calls => File.ReadAllLines(CallLog);

    public string PathOf(string name) => Path.Combine(Root, name);

    /// <summary>A stub named <paramref name="name"/> that records its call, then runs <paramref name="body"/> (bash).</summary>
    public void Stub(string name, string body = "")
    {
        var path = Path.Combine(Bin, name);
        File.WriteAllText(path, $"#!{RealTool("bash")}\nprintf '%s\\n' \"{name} $*\" >>'{CallLog}'\n{body}\n");
        MakeExecutable(path);
    }

    public static void MakeExecutable(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>Real tools the script may call as they are.</summary>
    public void Link(params string[] tools)
    {
        foreach (var tool in tools)
        {
            File.CreateSymbolicLink(Path.Combine(Bin, tool), RealTool(tool));
        }
    }

    /// <summary>The absolute path of a real tool, for a stub's body.</summary>
    public static string RealTool(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{name} is not on PATH; the script test needs it.");

    /// <summary>Runs <paramref name="script"/> with bash, PATH the sandbox's <c>bin</c> only; its standard output and error (what the journal would get) together.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(string script)
    {
        var file = PathOf("script.sh");
        await File.WriteAllTextAsync(file, script);
        var start = new ProcessStartInfo(RealTool("bash")) { WorkingDirectory = Root };
        start.ArgumentList.Add(file);
        start.Environment["PATH"] = Bin;
        return await ProcessOutput.RunAsync(start);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
