using System.Text;
using Hub.Matchmaking.Outputs;
using Hub.Matchmaking.Tests.Outputs.Support;

namespace Hub.Matchmaking.Tests.Outputs;

public sealed class when_icalendar_lines_are_written
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private static List<byte[]> PhysicalLines(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i + 1 < bytes.Length; i++)
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') { lines.Add(bytes[start..i]); start = i + 2; i++; }
        Assert.Equal(bytes.Length, start);
        return lines;
    }

    private static string Unfold(string text) => text.Replace("\r\n ", "", StringComparison.Ordinal);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void chinese_text_at_the_fold_is_never_split_and_no_line_exceeds_75_octets(int pad)
    {
        // "SUMMARY:" is 8 octets; with the padding, a 3-octet character straddles octet 75 for each pad but one.
        var value = new string('a', 64 + pad) + "杭州海宝泵业有限公司数字贸易博览会展商洽谈会" + new string('b', 200) + "😀 emoji 😀";
        var text = new ICalendarWriter().Text("SUMMARY", value).ToString();

        var lines = PhysicalLines(text);
        Assert.True(lines.Count > 3);
        Assert.All(lines, line => Assert.True(line.Length <= 75, $"{line.Length} octets"));
        Assert.All(lines, line => StrictUtf8.GetString(line)); // each physical line is whole characters
        Assert.All(lines.Skip(1), line => Assert.Equal((byte)' ', line[0]));
        Assert.Equal($"SUMMARY:{value}\r\n", Unfold(text));
    }

    [Fact]
    public void a_line_of_exactly_75_octets_is_not_folded_and_one_of_76_is()
    {
        Assert.Single(PhysicalLines(new ICalendarWriter().Line("X-A", new string('x', 71)).ToString()));
        var folded = PhysicalLines(new ICalendarWriter().Line("X-A", new string('x', 72)).ToString());
        Assert.Equal([75, 2], folded.Select(l => l.Length));
    }

    [Fact]
    public void text_escapes_backslash_semicolon_comma_and_every_kind_of_line_break()
    {
        Assert.Equal(@"a\\b\;c\,d\ne\nf\ng", ICalendarWriter.EscapeText("a\\b;c,d\r\ne\nf\rg"));
        Assert.Equal("a\tb", ICalendarWriter.EscapeText("a\tb\u0007"));
        Assert.Equal("a\\b;c,d\ne\nf\ng", ICalendarValidator.UnescapeText(ICalendarWriter.EscapeText("a\\b;c,d\r\ne\nf\rg")));
    }

    [Theory]
    [InlineData(8, "+0800")]
    [InlineData(-3.5, "-0330")]
    [InlineData(5.75, "+0545")]
    [InlineData(0, "+0000")]
    public void utc_offsets_are_written_as_rfc_5545_wants(double hours, string expected) =>
        Assert.Equal(expected, VTimeZone.Offset(TimeSpan.FromHours(hours)));
}
