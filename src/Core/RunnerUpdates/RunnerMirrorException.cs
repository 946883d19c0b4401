namespace Scaler.Core.RunnerUpdates;

/// <summary>
/// The runner package could not be mirrored: the download failed or had another SHA-256 than the release, or
/// storage refused the upload or the signature. The message never holds a SAS.
/// </summary>
public sealed class RunnerMirrorException : Exception
{
    public RunnerMirrorException()
        : this("The runner package could not be mirrored.")
    {
    }

    public RunnerMirrorException(string message)
        : base(message)
    {
    }

    public RunnerMirrorException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
