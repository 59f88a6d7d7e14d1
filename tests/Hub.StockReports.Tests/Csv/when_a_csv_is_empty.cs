using Hub.StockReports.Parsing;

namespace Hub.StockReports.Tests.Csv;

public sealed class when_a_csv_is_empty : IDisposable
{
    private readonly TempReportFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<byte[]> EmptyFiles => new()
    {
        Array.Empty<byte>(),
        new byte[] { 0xEF, 0xBB, 0xBF },
        new byte[] { 0xFF, 0xFE },
        " \r\n\t\n   \n"u8.ToArray(),
        ",,,\n;;\n\t\n"u8.ToArray(),
    };

    [Theory]
    [MemberData(nameof(EmptyFiles))]
    public void a_file_with_no_non_blank_line_is_unreadable_as_empty(byte[] bytes)
    {
        _folder.Write("stock.csv", bytes);

        Assert.Equal("the file is empty", _folder.Unreadable("stock.csv").Message);
    }

    [Fact]
    public void a_whitespace_file_is_empty_with_a_declared_delimiter_too()
    {
        _folder.Write("stock.csv", "  \n\n"u8.ToArray());

        Assert.Equal("the file is empty", _folder.Unreadable("stock.csv", new TabularReaderOptions { Delimiter = ';' }).Message);
    }

    [Theory]
    [InlineData("sku,on_hand,warehouse_code\r\n")]
    [InlineData("sku,on_hand,warehouse_code")]
    [InlineData("sku,on_hand,warehouse_code\n\n  \n")]
    public void a_header_only_file_has_a_header_and_no_rows(string text)
    {
        var report = _folder.Read("stock.csv", text);

        Assert.Equal(["sku", "on_hand", "warehouse_code"], report.Header);
        Assert.Empty(report.Rows);
    }
}
