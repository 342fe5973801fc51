using Microsoft.Extensions.Options;

namespace CtiPush.People;

/// <summary>Outside Development a key, when given, must be long enough to be a secret.</summary>
internal sealed class AdminOptionsValidator(IHostEnvironment environment) : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options) => options.ApiKey switch
    {
        { Length: > 0 and < AdminOptions.MinKeyLength } when !environment.IsDevelopment() =>
            ValidateOptionsResult.Fail($"Admin:ApiKey is shorter than {AdminOptions.MinKeyLength} characters."),
        _ => ValidateOptionsResult.Success,
    };
}
