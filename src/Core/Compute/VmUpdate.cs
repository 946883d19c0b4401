namespace Scaler.Core.Compute;

/// <summary>
/// One change to an existing VM, sent as one <c>PATCH</c>: its <c>userData</c> and its tags.
/// </summary>
/// <param name="UserData">Plain text for the VM's <c>userData</c> (the adapter encodes it); empty clears it; null leaves it. A secret when it holds a JIT config: never logged.</param>
/// <param name="Tags">Tags to set; a null value removes the tag. Tags not named stay as they are.</param>
public sealed record VmUpdate(string? UserData, IReadOnlyDictionary<string, string?> Tags)
{
    public override string ToString() => $"VmUpdate {{ UserData = {(UserData is null ? "unchanged" : UserData.Length == 0 ? "cleared" : "***")}, Tags = {string.Join(',', Tags.Keys)} }}";
}
