namespace CtiPush.Numbers;

/// <summary><c>Cti:DefaultRegion</c>: the region a national number (a single leading <c>0</c>) belongs to.</summary>
public sealed class PhoneNumberOptions
{
    public const string Section = "Cti";
    public const string DefaultRegionFallback = "DE";

    /// <summary>A region code such as DE, AT, CH or US; unset or empty, <see cref="DefaultRegionFallback"/>.</summary>
    public string? DefaultRegion { get; set; }

    public string Region => string.IsNullOrWhiteSpace(DefaultRegion) ? DefaultRegionFallback : DefaultRegion;
}
