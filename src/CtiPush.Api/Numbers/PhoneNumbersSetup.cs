namespace CtiPush.Numbers;

public static class PhoneNumbersSetup
{
    public const string DefaultRegionSetting = "Cti:DefaultRegion";
    public const string DefaultRegion = "DE";

    /// <summary>One normaliser for the whole service, for the region in <c>Cti:DefaultRegion</c> (DE unless set).</summary>
    public static IHostApplicationBuilder AddCtiPushNumbers(this IHostApplicationBuilder builder)
    {
        var region = builder.Configuration[DefaultRegionSetting] is { Length: > 0 } configured ? configured : DefaultRegion;
        builder.Services.AddSingleton(new PhoneNumberNormalizer(region));
        return builder;
    }
}
