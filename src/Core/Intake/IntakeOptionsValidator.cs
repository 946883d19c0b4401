using Microsoft.Extensions.Options;

namespace Scaler.Core.Intake;

/// <summary>Checks the <c>Scaler__Intake__*</c> settings on start; names the setting and the fix in every message.</summary>
public sealed class IntakeOptionsValidator : IValidateOptions<IntakeOptions>
{
    private const string Prefix = "Scaler__Intake__";
    private const long MinimumBudget = 1024 * 1024;
    private const int MaximumDataRate = 1024 * 1024;
    private static readonly TimeSpan MaximumBodyTimeout = TimeSpan.FromMinutes(5);

    public ValidateOptionsResult Validate(string? name, IntakeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.UnauthenticatedBodyBytes < MinimumBudget)
        {
            errors.Add($"{Prefix}UnauthenticatedBodyBytes {options.UnauthenticatedBodyBytes} is below {MinimumBudget} (1 MiB): use the bytes unsigned bodies may hold together, such as {IntakeOptions.DefaultUnauthenticatedBodyBytes} (64 MiB).");
        }

        if (options.BodyTimeout <= TimeSpan.Zero || options.BodyTimeout > MaximumBodyTimeout)
        {
            errors.Add($"{Prefix}BodyTimeout {options.BodyTimeout} is not between zero and 00:05:00: use how long a body may take to arrive, such as 00:00:10 (GitHub waits 10 seconds for an answer).");
        }

        if (options.MinBodyDataRate is < 0 or > MaximumDataRate)
        {
            errors.Add($"{Prefix}MinBodyDataRate {options.MinBodyDataRate} is not between 0 and {MaximumDataRate}: use the bytes a second a body must arrive at, such as 16384, or 0 for no minimum.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
