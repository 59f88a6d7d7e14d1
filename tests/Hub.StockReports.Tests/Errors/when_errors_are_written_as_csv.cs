using Hub.StockReports.Errors;
using Hub.StockReports.Parsing;
using Hub.StockReports.Rows;
using static Hub.StockReports.Tests.Errors.ErrorsCsvFixtures;

namespace Hub.StockReports.Tests.Errors;

public sealed class when_errors_are_written_as_csv
{
    [Fact]
    public async Task the_file_starts_with_a_utf8_bom_and_a_crlf_header()
    {
        var bytes = await WriteAsync();

        Assert.Equal([0xEF, 0xBB, 0xBF, .. "row,column,value,message\r\n"u8.ToArray()], bytes);
    }

    [Fact]
    public async Task each_error_is_one_crlf_terminated_line()
    {
        var text = await TextAsync(new RowError(2, "sku", "A-1", "unknown warehouse"), new RowError(17, "on_hand", "five", "must be a whole number"));

        Assert.Equal("row,column,value,message\r\n2,sku,A-1,unknown warehouse\r\n17,on_hand,five,must be a whole number\r\n", text);
    }

    [Fact]
    public async Task a_null_value_is_an_empty_field()
    {
        var text = await TextAsync(new RowError(4, "sku", null, "is required"));

        Assert.EndsWith("\r\n4,sku,,is required\r\n", text);
    }

    [Theory]
    [InlineData("Pump, 200 W", "\"Pump, 200 W\"")]
    [InlineData("5\" pipe", "\"5\"\" pipe\"")]
    [InlineData("\"quoted\"", "\"\"\"quoted\"\"\"")]
    [InlineData("line one\nline two", "\"line one\nline two\"")]
    [InlineData("line one\r\nline two", "\"line one\r\nline two\"")]
    [InlineData("plain", "plain")]
    public async Task fields_with_commas_quotes_or_newlines_are_quoted_with_quotes_doubled(string value, string field)
    {
        var text = await TextAsync(new RowError(3, "description", value, value));

        Assert.EndsWith($"\r\n3,description,{field},{field}\r\n", text);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1+2", "'+1+2")]
    [InlineData("-5", "'-5")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\r=1", "\"'\r=1\"")]
    [InlineData("=1,2", "\"'=1,2\"")]
    public async Task a_value_that_a_spreadsheet_would_evaluate_is_prefixed_with_a_quote(string value, string field)
    {
        var text = await TextAsync(new RowError(5, "on_hand", value, "must be 0 or more"));

        Assert.EndsWith($"\r\n5,on_hand,{field},must be 0 or more\r\n", text);
    }

    [Theory]
    [InlineData("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0")]
    [InlineData("-bad", "'-bad")]
    [InlineData("@x", "'@x")]
    public async Task a_message_that_a_spreadsheet_would_evaluate_is_prefixed_with_a_quote(string message, string field)
    {
        var text = await TextAsync(new RowError(6, "sku", "A-1", message));

        Assert.EndsWith($"\r\n6,sku,A-1,{field}\r\n", text);
    }

    [Theory]
    [InlineData("a=b")]
    [InlineData("5-3")]
    [InlineData("user@example.com")]
    [InlineData("'already quoted")]
    public async Task formula_characters_after_the_first_are_left_alone(string value)
    {
        var text = await TextAsync(new RowError(7, "description", value, "too long"));

        Assert.EndsWith($"\r\n7,description,{value},too long\r\n", text);
    }

    [Fact]
    public async Task chinese_text_round_trips_through_a_csv_reader()
    {
        var bytes = await WriteAsync(new RowError(9, "sku", "商品编码，红色", "仓库代码\"DE-01\"不存在"));

        using var reader = CsvTabularReader.Open(new MemoryStream(bytes), new TabularReaderOptions());
        Assert.Equal(["row", "column", "value", "message"], reader.Header);
        Assert.True(reader.TryReadRow(out var row));
        Assert.Equal(["9", "sku", "商品编码，红色", "仓库代码\"DE-01\"不存在"], row.Cells);
        Assert.False(reader.TryReadRow(out _));
    }

    [Fact]
    public async Task chinese_text_is_written_as_utf8()
    {
        var bytes = await WriteAsync(new RowError(9, "sku", "在库数量", "必填"));

        var line = "9,sku,在库数量,必填\r\n"u8.ToArray();
        Assert.Equal(line, bytes[^line.Length..]);
    }

    [Fact]
    public async Task the_destination_is_left_open()
    {
        using var destination = new MemoryStream();

        await RowErrorsCsv.WriteAsync(Stream([new RowError(2, "sku", "A-1", "x")]), destination, TestContext.Current.CancellationToken);

        Assert.True(destination.CanWrite);
    }

    [Fact]
    public async Task a_cancelled_write_stops()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            RowErrorsCsv.WriteAsync(Stream([new RowError(2, "sku", "A-1", "x")]), new RecordingStream(), cts.Token));
    }

    [Fact]
    public async Task a_hundred_thousand_errors_stream_in_small_writes()
    {
        const int count = 100_000;
        var destination = new RecordingStream();
        var errors = Enumerable.Range(2, count).Select(i => new RowError(i, "on_hand", "-" + i, "must be 0 or more, 必须大于等于 0"));

        await RowErrorsCsv.WriteAsync(Stream(errors), destination, TestContext.Current.CancellationToken);

        Assert.Equal(count + 1, destination.LineFeeds);
        Assert.True(destination.BytesWritten > 4_000_000, $"wrote {destination.BytesWritten} bytes");
        Assert.True(destination.LargestWrite <= 64 * 1024, $"largest single write was {destination.LargestWrite} bytes");
    }
}
