using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Scaler.Core.Pools;
using Scaler.Tests.Shared;

namespace Scaler.Core.Tests.Pools;

public class PoolOptionsValidatorTests
{
    [Fact]
    public void Validate_TestSettings_Succeed()
    {
        Assert.Empty(Errors(TestSettings.Values()));
    }

    [Theory]
    [InlineData("Scaler:Pools:1:Name", "linux-x64", "Scaler__Pools__1__Name 'linux-x64' is already the name of Scaler__Pools__0")]
    [InlineData("Scaler:Pools:0:Name", "Linux_X64", "Scaler__Pools__0__Name 'Linux_X64' is not a valid pool name")]
    [InlineData("Scaler:Pools:0:Scope", "team", "Scaler__Pools__0__Scope 'team' is unknown: use repo, org or enterprise")]
    [InlineData("Scaler:Pools:0:Owner", "contoso/api", "Scaler__Pools__0__Owner 'contoso/api' does not fit Scope Org")]
    [InlineData("Scaler:Pools:1:Owner", "octocat", "Scaler__Pools__1__Owner 'octocat' does not fit Scope Repo")]
    [InlineData("Scaler:Pools:0:ScaleSetId", "/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/x", "Scaler__Pools__0__ScaleSetId")]
    [InlineData("Scaler:Pools:0:ScaleSetId", "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/x", "is not the resource id of a scale set")]
    [InlineData("Scaler:Pools:0:ScaleSetId", "linux-x64", "is not the resource id of a scale set")]
    [InlineData("Scaler:Pools:0:SubnetId", "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/n/providers/Microsoft.Network/virtualNetworks/v", "Scaler__Pools__0__SubnetId")]
    [InlineData("Scaler:Pools:0:OsDiskSizeGb", "8", "Scaler__Pools__0__OsDiskSizeGb 8 is out of range")]
    [InlineData("Scaler:Pools:0:SshPublicKey", "AAAAB3NzaC1yc2E", "Scaler__Pools__0__SshPublicKey is not an OpenSSH public key")]
    [InlineData("Scaler:Pools:0:Packages:0", "git; reboot", "Scaler__Pools__0__Packages__0 'git; reboot' is not a Debian package name")]
    [InlineData("Scaler:Pools:0:WarmSchedules:0:Cron", "every morning", "Scaler__Pools__0__WarmSchedules__0__Cron 'every morning' is not a 5-field cron expression")]
    [InlineData("Scaler:Pools:0:WarmSchedules:0:TimeZone", "Mars/Olympus", "Scaler__Pools__0__WarmSchedules__0__TimeZone 'Mars/Olympus' is not a known time zone")]
    [InlineData("Scaler:Pools:0:WarmSchedules:0:MinIdle", "99", "Scaler__Pools__0__WarmSchedules__0__MinIdle 99 is outside 0-10")]
    [InlineData("Scaler:Pools:0:MinIdle", "11", "Scaler__Pools__0__MinIdle 11 is greater than Scaler__Pools__0__MaxRunners 10")]
    [InlineData("Scaler:Pools:0:Standby:Size", "11", "Scaler__Pools__0__Standby__Size 11 is outside 0-10: standby VMs count against Scaler__Pools__0__MaxRunners")]
    [InlineData("Scaler:Pools:0:Standby:Size", "-1", "Scaler__Pools__0__Standby__Size -1 is outside 0-10")]
    [InlineData("Scaler:Pools:0:Standby:MaxAge", "31.00:00:00", "Scaler__Pools__0__Standby__MaxAge 31.00:00:00 is outside 0 to 30 days")]
    [InlineData("Scaler:Pools:0:Standby:MaxAge", "00:00:00", "Scaler__Pools__0__Standby__MaxAge 00:00:00 is outside 0 to 30 days")]
    [InlineData("Scaler:Pools:0:Standby:Schedules:0:Cron", "at dawn", "Scaler__Pools__0__Standby__Schedules__0__Cron 'at dawn' is not a 5-field cron expression")]
    [InlineData("Scaler:Pools:0:Standby:Schedules:0:Size", "12", "Scaler__Pools__0__Standby__Schedules__0__Size 12 is outside 0-10")]
    [InlineData("Scaler:Pools:0:MaxRunners", "0", "Scaler__Pools__0__MaxRunners 0 is out of range")]
    [InlineData("Scaler:Pools:0:MinIdle", "-1", "Scaler__Pools__0__MinIdle -1 is negative")]
    [InlineData("Scaler:Pools:0:KeepUnhealthy", "-1", "Scaler__Pools__0__KeepUnhealthy -1 is negative: use 0 to delete every VM")]
    [InlineData("Scaler:Pools:0:RunnerGroupId", "0", "Scaler__Pools__0__RunnerGroupId 0")]
    [InlineData("Scaler:Pools:0:VmSizes:0", "D2s v5", "Scaler__Pools__0__VmSizes__0 'D2s v5' is not a VM size name")]
    [InlineData("Scaler:Pools:0:Image", "ubuntu", "Scaler__Pools__0__Image 'ubuntu' is neither")]
    [InlineData("Scaler:Pools:0:Labels:0", "linux x64", "Scaler__Pools__0__Labels__0 'linux x64' is not a valid runner label")]
    [InlineData("Scaler:Pools:0:Labels:0", "linux,x64", "is not a valid runner label")]
    [InlineData("Scaler:Pools:0:IdleTimeout", "00:00:00", "Scaler__Pools__0__IdleTimeout 00:00:00 is not positive")]
    [InlineData("Scaler:Pools:0:MaxLifetime", "00:05:00", "Scaler__Pools__0__MaxLifetime 00:05:00 is not longer than Scaler__Pools__0__BootTimeout")]
    [InlineData("Scaler:Pools:2:AllowedRepositories:0", "ml", "Scaler__Pools__2__AllowedRepositories__0 'ml' is not a repository pattern")]
    [InlineData("Scaler:Pools:2:AllowedRepositories:0", "fabrikam/ml", "is outside the pool's organization 'contoso'")]
    public void Validate_BadSetting_NamesTheSettingAndTheFix(string key, string value, string expected)
    {
        var values = TestSettings.Values();
        values[key] = value;

        var errors = Errors(values);

        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("3")]
    public void Validate_KeepUnhealthyZeroOrMore_IsValid(string value)
    {
        var values = TestSettings.Values();
        values["Scaler:Pools:0:KeepUnhealthy"] = value;

        Assert.Empty(Errors(values));
    }

    [Fact]
    public void Validate_StandbyAndMinIdleAboveMaxRunnersTogether_NamesBoth()
    {
        var values = TestSettings.Values();
        values["Scaler:Pools:0:Standby:Size"] = "6";
        values["Scaler:Pools:0:MinIdle"] = "5";

        Assert.Contains(Errors(values), e => e.Contains("Scaler__Pools__0__Standby__Size 6 and Scaler__Pools__0__MinIdle 5 together exceed Scaler__Pools__0__MaxRunners 10", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_StandbyWithinMaxRunners_IsValid()
    {
        var values = TestSettings.Values();
        values["Scaler:Pools:0:Standby:Size"] = "5";
        values["Scaler:Pools:0:MinIdle"] = "5";
        values["Scaler:Pools:0:Standby:Schedules:0:Cron"] = "0 8 * * 1-5";
        values["Scaler:Pools:0:Standby:Schedules:0:Size"] = "10";

        Assert.Empty(Errors(values));
    }

    [Fact]
    public void Validate_EmptyLabels_NamesTheSetting()
    {
        var values = TestSettings.Values();
        values.Remove("Scaler:Pools:0:Labels:0");
        values.Remove("Scaler:Pools:0:Labels:1");

        Assert.Contains(Errors(values), e => e.StartsWith("Scaler__Pools__0__Labels is empty", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NoVmSizes_NamesTheSetting()
    {
        var values = TestSettings.Values();
        values.Remove("Scaler:Pools:0:VmSizes:0");

        Assert.Contains(Errors(values), e => e.StartsWith("Scaler__Pools__0__VmSizes is empty", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NoPools_SaysHowToAddOne()
    {
        var values = TestSettings.Values().Where(kv => !kv.Key.StartsWith("Scaler:", StringComparison.Ordinal)).ToDictionary();

        Assert.Contains(Errors(values), e => e.StartsWith("Scaler__Pools is empty", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_EnterprisePoolWithAppOnly_AsksForAToken()
    {
        var values = TestSettings.Values();
        values["Scaler:Pools:0:Scope"] = "enterprise";
        values["Scaler:Pools:0:Owner"] = "contoso-corp";
        values.Remove("GitHub:Token");
        values["GitHub:AppId"] = "12345";
        values["GitHub:AppPrivateKey"] = "-----BEGIN RSA PRIVATE KEY-----";

        Assert.Contains(Errors(values), e => e.Contains("GitHub__Token", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ScopeIsCaseInsensitive()
    {
        var values = TestSettings.Values();
        values["Scaler:Pools:0:Scope"] = "ORG";

        Assert.Empty(Errors(values));
    }

    [Fact]
    public void Validate_SetupScriptUnder16KCharactersButOver16KBytes_RefusedNamingItsBytes()
    {
        var values = TestSettings.Values();
        values["Scaler:Pools:0:SetupScript"] = new string('€', 5462);

        Assert.Contains(Errors(values), e => e.Contains("Scaler__Pools__0__SetupScript is 16386 bytes in UTF-8: at most 16384 fit", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(16 * 1024, true)]
    [InlineData(16 * 1024 + 1, false)]
    public void Validate_SetupScriptAtTheByteLimit_AcceptedAndOneByteOverRefused(int bytes, bool accepted)
    {
        var values = TestSettings.Values();
        values["Scaler:Pools:0:SetupScript"] = new string('€', 5461) + new string('a', bytes - (5461 * 3));

        Assert.Equal(accepted, !Errors(values).Any(e => e.Contains("SetupScript", StringComparison.Ordinal)));
    }

    private static List<string> Errors(Dictionary<string, string?> values)
    {
        var services = new ServiceCollection().AddScalerIntake(TestSettings.Configuration(values));
        using var provider = services.BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptions<ScalerOptions>>().Value;
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return [.. ex.Failures];
        }
    }
}
