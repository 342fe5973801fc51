using Microsoft.Extensions.Options;

namespace CtiPush.Statistics;

/// <summary>Refuses to start with thresholds out of range or business hours that cannot be read, naming the setting.</summary>
internal sealed class StatisticsOptionsValidator : IValidateOptions<StatisticsOptions>
{
    public ValidateOptionsResult Validate(string? name, StatisticsOptions options)
    {
        if (!options.IsValid())
        {
            return ValidateOptionsResult.Fail("Stats:ShortAbandonSeconds must be 0 to 3600 and Stats:ServiceLevelSeconds 1 to 3600.");
        }
        return BusinessHours.Read(options.BusinessHours).Problem is { } problem
            ? ValidateOptionsResult.Fail(problem)
            : ValidateOptionsResult.Success;
    }
}
