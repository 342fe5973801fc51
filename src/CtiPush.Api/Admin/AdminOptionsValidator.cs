using Microsoft.Extensions.Options;

namespace CtiPush.Admin;

internal sealed class AdminOptionsValidator(IHostEnvironment environment) : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options) => options.ApiKey switch
    {
        null or "" => ValidateOptionsResult.Fail("No admin key is configured: set Admin:ApiKey (environment variable Admin__ApiKey=...)."),
        { Length: < AdminOptions.MinKeyLength } when !environment.IsDevelopment() =>
            ValidateOptionsResult.Fail($"Admin:ApiKey is shorter than {AdminOptions.MinKeyLength} characters."),
        _ => ValidateOptionsResult.Success,
    };
}
