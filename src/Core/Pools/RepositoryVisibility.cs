using System.Text.Json.Serialization;

namespace Scaler.Core.Pools;

/// <summary>Who can read a repository, as its webhook payload says. Anyone can fork a public one and open a pull request.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RepositoryVisibility>))]
public enum RepositoryVisibility
{
    [JsonStringEnumMemberName("public")]
    Public,

    [JsonStringEnumMemberName("private")]
    Private,

    /// <summary>Readable by the members of its enterprise; not public.</summary>
    [JsonStringEnumMemberName("internal")]
    Internal,
}

/// <summary>Reads <see cref="RepositoryVisibility"/> from a payload.</summary>
public static class RepositoryVisibilities
{
    /// <summary>
    /// From <c>repository.visibility</c> and <c>repository.private</c>. Fails closed: a repository is public unless the
    /// payload says it is not (a <c>visibility</c> of <c>private</c> or <c>internal</c>, or only <c>private: true</c>),
    /// and public when the two disagree or neither is there.
    /// </summary>
    public static RepositoryVisibility From(string? visibility, bool? isPrivate)
    {
        if (isPrivate == false)
        {
            return RepositoryVisibility.Public;
        }

        return visibility?.ToUpperInvariant() switch
        {
            "PRIVATE" => RepositoryVisibility.Private,
            "INTERNAL" => RepositoryVisibility.Internal,
            null when isPrivate == true => RepositoryVisibility.Private,
            _ => RepositoryVisibility.Public,
        };
    }
}
