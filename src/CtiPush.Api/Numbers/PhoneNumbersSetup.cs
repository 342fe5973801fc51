using Microsoft.Extensions.Options;

namespace CtiPush.Numbers;

public static class PhoneNumbersSetup
{
    /// <summary>One normaliser for the whole service, for the region in <c>Cti:DefaultRegion</c> (DE unless set).</summary>
    public static IHostApplicationBuilder AddCtiPushNumbers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PhoneNumberOptions>().BindConfiguration(PhoneNumberOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PhoneNumberOptions>, PhoneNumberOptionsValidator>();
        builder.Services.AddSingleton(services => new PhoneNumberNormalizer(services.GetRequiredService<IOptions<PhoneNumberOptions>>().Value.Region));
        return builder;
    }
}
