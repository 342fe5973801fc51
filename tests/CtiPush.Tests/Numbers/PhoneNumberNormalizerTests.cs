using CtiPush.Numbers;

namespace CtiPush.Tests.Numbers;

public sealed class PhoneNumberNormalizerTests
{
    private readonly PhoneNumberNormalizer germany = new("DE");

    [Theory]
    // the protocol's own form: bare international digits
    [InlineData("493055571600", "493055571600", true)]
    [InlineData("491715000000", "491715000000", true)]
    [InlineData("4912347114711", "4912347114711", true)]
    // + and 00 are international, a single 0 national in the default region
    [InlineData("+49 171 5000000", "491715000000", true)]
    [InlineData("0049 171 5000000", "491715000000", true)]
    [InlineData("0171 5000000", "491715000000", true)]
    [InlineData("01715000000", "491715000000", true)]
    // the phonebook's formats
    [InlineData("+49 30 53 00 00 000", "4930530000000", true)]
    [InlineData("+49 (0) 30 60 00 00 00-0", "4930600000000", true)]
    [InlineData("030/53000000", "493053000000", true)]
    [InlineData("0271 233211", "49271233211", true)]
    [InlineData("0049 1234 123456789", "491234123456789", true)]
    // foreign numbers
    [InlineData("+41 44 668 18 00", "41446681800", true)]
    [InlineData("0041 44 668 18 00", "41446681800", true)]
    [InlineData("+1 (650) 253-0000", "16502530000", true)]
    [InlineData("+39 06 1234 5678", "390612345678", true)]
    // kept, though libphonenumber would not call it possible: an internal or short number
    // (and a long Swiss number it does call possible, as the reference system's caller id)
    [InlineData("1234", "1234", false)]
    [InlineData("41715880339000", "41715880339000", true)]
    public void A_number_is_normalised_to_its_e164_digits(string text, string digits, bool possible)
    {
        Assert.Equal(new NormalizedNumber(digits, possible), germany.Normalize(text));
    }

    [Theory]
    [InlineData("anonymous")]
    [InlineData("unknown")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("+")]
    [InlineData("49 171 50000 ext. 5")]
    [InlineData("0171+5000000")]
    [InlineData("123456789012345678901")]
    public void Something_that_is_not_a_number_has_no_normal_form(string? text)
    {
        Assert.Null(germany.Normalize(text));
    }

    [Fact]
    public void The_default_region_decides_what_a_national_number_means()
    {
        Assert.Equal("43112345678", new PhoneNumberNormalizer("AT").Normalize("01 12345678")?.Digits);
        Assert.Equal("41446681800", new PhoneNumberNormalizer("CH").Normalize("044 668 18 00")?.Digits);
    }

    [Theory]
    [InlineData("41", "41")]
    [InlineData("+49 900", "49900")]
    [InlineData("0900", "49900")]
    [InlineData("0049 30", "4930")]
    public void A_prefix_is_normalised_by_the_same_rules(string prefix, string digits)
    {
        Assert.Equal(digits, germany.NormalizePrefix(prefix));
    }

    [Fact]
    public void A_prefix_keeps_the_0_where_the_region_keeps_it_in_its_numbers()
    {
        var italy = new PhoneNumberNormalizer("IT");
        Assert.Equal("3906", italy.NormalizePrefix("06"));
        Assert.StartsWith("3906", italy.Normalize("06 1234 5678")?.Digits);
    }

    [Theory]
    [InlineData("00")]
    [InlineData("+")]
    public void A_bare_international_marker_is_no_prefix(string prefix)
    {
        Assert.Null(germany.NormalizePrefix(prefix));
        Assert.Null(germany.Normalize(prefix));
    }

    [Fact]
    public void An_unknown_region_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new PhoneNumberNormalizer("XX"));
    }
}
