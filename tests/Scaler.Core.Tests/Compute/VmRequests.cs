using Scaler.Core.Compute;
using Scaler.Tests.Shared;

namespace Scaler.Core.Tests.Compute;

/// <summary>A runner VM request for job 42 in <see cref="TestSettings.ScaleSetId"/>, regular priority.</summary>
internal static class VmRequests
{
    public static VmRequest Of(string name, params string[] sizes) => new()
    {
        ScaleSetId = TestSettings.ScaleSetId,
        Name = name,
        Sizes = sizes,
        Image = "Canonical:ubuntu-24_04-lts:server:latest",
        Spot = false,
        SubnetId = TestSettings.SubnetId,
        OsDiskSizeGb = 64,
        SshPublicKey = "",
        CustomData = "#cloud-config\n",
        Tags = new Dictionary<string, string> { ["scaler-pool"] = "linux-x64", ["scaler-job"] = "42" },
    };
}
