using CtiPush.Numbers;
using CtiPush.Privacy;

namespace CtiPush.Tests.Privacy;

public sealed class NumberMatcherTests
{
    private readonly NumberMatcher number = new(new PhoneNumberNormalizer("DE"), "4930123456789");

    [Theory]
    [InlineData("Please call +49 30 123456789 today", "Please call erased today")]
    [InlineData("0049301234567 89", "erased")] // split anywhere, still the number
    [InlineData("tel:4930123456789", "tel:erased")]
    [InlineData("030 123 456 789, after six", "erased, after six")]
    [InlineData("(030) 123456789", "(erased")]
    [InlineData("+49 (0)30-123456789!", "erased!")]
    [InlineData("030/123 45 67 89", "erased")]
    [InlineData("two: 030 123456789 and 0049 30 123456789.", "two: erased and erased.")]
    [InlineData("{\"from\":\"\\u002B49 30 123456789\"}", "{\"from\":\"\\u002Berased\"}")]
    public void Finds_the_number_however_it_is_written_and_replaces_only_it(string text, string scrubbed)
    {
        Assert.True(number.Mentions(text));
        Assert.Equal(scrubbed, number.Scrub(text));
    }

    [Theory]
    [InlineData("030 1234567890")] // one digit more: another number
    [InlineData("4930123456788")]
    [InlineData("order 123456789 shipped")] // the subscriber digits alone are no number in Germany's 030
    [InlineData("")]
    [InlineData("anonymous")]
    public void Leaves_other_numbers_and_text_alone(string text)
    {
        Assert.False(number.Mentions(text));
        Assert.Equal(text, number.Scrub(text));
    }

    [Fact]
    public void Takes_the_number_out_of_every_field_of_a_raw_event_and_leaves_the_rest()
    {
        var fields = """{"event":"newCall","from":"\u002B49 30 123456789","user[]":["Alice","030123456789"],"to":"4930111"}""";

        var scrubbed = number.ScrubJson(fields);

        Assert.NotNull(scrubbed);
        Assert.DoesNotContain("123456789", scrubbed);
        Assert.Contains("4930111", scrubbed);
        Assert.Contains("Alice", scrubbed);
        Assert.Null(number.ScrubJson("""{"event":"hangup","callId":"123456789"}"""));
    }

    [Fact]
    public void Takes_the_number_out_of_every_string_of_a_nested_document_and_leaves_its_shape()
    {
        var payload = """{"id":"evt_callback_7_resolved","data":{"id":7,"number":"4930123456789","display":"\u002B49 30 123456789","names":"Anna","notes":[{"author":"erika","text":"Tried 030 123 456 789"}],"calls":[4930]}}""";

        var scrubbed = number.ScrubJson(payload);

        Assert.NotNull(scrubbed);
        Assert.DoesNotContain("123456789", scrubbed.Replace(" ", "", StringComparison.Ordinal));
        var json = System.Text.Json.JsonDocument.Parse(scrubbed).RootElement.GetProperty("data");
        Assert.Equal(("erased", "erased", "Tried erased", "Anna", 4930),
            (json.GetProperty("number").GetString(), json.GetProperty("display").GetString(), json.GetProperty("notes")[0].GetProperty("text").GetString(),
                json.GetProperty("names").GetString(), json.GetProperty("calls")[0].GetInt32()));
    }

    [Fact]
    public void A_long_text_full_of_digits_is_read_quickly_enough_to_scan_every_note()
    {
        var text = string.Concat(Enumerable.Repeat("12 34 56 78 90 / ", 120)); // 2,000 characters of digit groups
        Assert.False(number.Mentions(text)); // bounded: at most eight groups per candidate, normalised only when the tail fits
    }
}
