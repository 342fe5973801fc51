using Microsoft.Extensions.Options;

namespace CtiPush.Numbers;

/// <summary>Refuses to start with a default region libphonenumber does not know.</summary>
internal sealed class PhoneNumberOptionsValidator : IValidateOptions<PhoneNumberOptions>
{
    public ValidateOptionsResult Validate(string? name, PhoneNumberOptions options) =>
        PhoneNumberNormalizer.RegionProblem(options.Region) is { } problem
            ? ValidateOptionsResult.Fail($"Cti:DefaultRegion: {problem}")
            : ValidateOptionsResult.Success;
}
