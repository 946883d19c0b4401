using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Scaler.Core.Runners.CloudInit;

/// <summary>The part of cloud-init's <c>#cloud-config</c> schema that Scaler writes; serialized with YamlDotNet.</summary>
internal sealed class CloudConfig
{
    /// <summary>Explicit users only: no <c>default</c> entry, so no image default user with sudo is created.</summary>
    public List<CloudUser> Users { get; init; } = [];

    public bool DisableRoot { get; init; } = true;

    public bool SshPwauth { get; init; }

    public bool? PackageUpdate { get; init; }

    public List<string>? Packages { get; init; }

    public List<CloudFile> WriteFiles { get; init; } = [];

    /// <summary>Each command is an argument list, run without a shell.</summary>
    public List<List<string>> Runcmd { get; init; } = [];
}

internal sealed class CloudUser
{
    public required string Name { get; init; }

    public string? Gecos { get; init; }

    public string Shell { get; init; } = "/bin/bash";

    /// <summary>No password can be used.</summary>
    public bool LockPasswd { get; init; } = true;

    /// <summary>A sudo rule only when the pool asks for one.</summary>
    public string? Sudo { get; init; }

}

internal sealed class CloudFile
{
    public required string Path { get; init; }

    [YamlMember(ScalarStyle = ScalarStyle.Literal)]
    public required string Content { get; init; }

    public required string Owner { get; init; }

    /// <summary>An octal string such as <c>'0600'</c>; quoted so that YAML does not read it as a number.</summary>
    [YamlMember(ScalarStyle = ScalarStyle.SingleQuoted)]
    public required string Permissions { get; init; }

    /// <summary>Written in cloud-init's final stage, after the users exist (so that the owner resolves).</summary>
    public bool Defer { get; init; }

    /// <summary><c>b64</c> when <see cref="Content"/> is base64 of the file; null for plain text.</summary>
    public string? Encoding { get; init; }
}
