using System.Globalization;
using CtiPush.Core;
using Microsoft.Data.Sqlite;

namespace CtiPush.Tests.CallLog;

/// <summary>
/// The one table of hangup causes (<see cref="HangupCauses"/>): every cause of the protocol, every Asterisk dial status
/// and every Placetel hangup type, each in three spellings, means the same; the SQL the migration backfills with agrees.
/// </summary>
public sealed class HangupCauseTableTests
{
    public static TheoryData<string, string> Spellings()
    {
        var data = new TheoryData<string, string>();
        var expected = new (string Sent, string Normalized)[]
        {
            // the protocol's seven and the service's timeout
            ("normalClearing", "normalClearing"), ("busy", "busy"), ("cancel", "cancel"), ("noAnswer", "noAnswer"),
            ("congestion", "congestion"), ("notFound", "notFound"), ("forwarded", "forwarded"), ("timeout", "timeout"),
            // Asterisk's DIALSTATUS, every value it has
            ("ANSWER", "normalClearing"), ("NOANSWER", "noAnswer"), ("BUSY", "busy"), ("CANCEL", "cancel"),
            ("CONGESTION", "congestion"), ("CHANUNAVAIL", "notFound"), ("DONTCALL", "noAnswer"), ("TORTURE", "noAnswer"),
            ("INVALIDARGS", "other"),
            // Placetel's hangup types
            ("accepted", "normalClearing"), ("missed", "noAnswer"), ("voicemail", "normalClearing"), ("blocked", "blocked"),
            ("canceled", "cancel"), ("unavailable", "notFound"),
            // anything else
            ("hungUpByAlien", "other"),
        };
        foreach (var (sent, normalized) in expected)
        {
            data.Add(sent.ToLowerInvariant(), normalized);
            data.Add(sent.ToUpperInvariant(), normalized);
            data.Add(Mixed(sent), normalized);
        }
        return data;
    }

    /// <summary>aLtErNaTiNg case: neither the lower, the upper nor (for most) the protocol's spelling.</summary>
    private static string Mixed(string text) =>
        string.Concat(text.Select((c, i) => i % 2 == 0 ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)));

    [Theory]
    [MemberData(nameof(Spellings))]
    public void Every_spelling_of_a_cause_means_the_same(string sent, string normalized) =>
        Assert.Equal(normalized, WireName<HangupCause>.Of(HangupCauses.Normalize(sent)!.Value));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void No_cause_normalises_to_none(string? sent) => Assert.Null(HangupCauses.Normalize(sent));

    [Fact]
    public void Spaces_around_a_cause_do_not_matter() => Assert.Equal(HangupCause.NoAnswer, HangupCauses.Normalize(" NOANSWER "));

    [Fact]
    public void The_table_names_each_spelling_once() =>
        Assert.Equal(HangupCauses.Table.Count, HangupCauses.Table.Select(t => t.Sent).Distinct(StringComparer.OrdinalIgnoreCase).Count());

    [Fact]
    public void The_migrations_sql_reads_every_spelling_as_the_table_does()
    {
        using var sqlite = new SqliteConnection("Data Source=:memory:");
        sqlite.Open();
        using var command = sqlite.CreateCommand();
        command.CommandText = $"SELECT {HangupCauses.SqlCase("@cause")}";
        var cause = command.Parameters.Add("@cause", SqliteType.Text);
        foreach (var sent in Spellings().Select(row => row.Data.Item1).Append(""))
        {
            cause.Value = sent;
            var read = command.ExecuteScalar();
            var expected = HangupCauses.Normalize(sent) is { } normalized ? WireName<HangupCause>.Of(normalized) : null;
            Assert.Equal(expected, read is DBNull ? null : Convert.ToString(read, CultureInfo.InvariantCulture));
        }
    }
}
