using System.Text;
using Hub.StockReports.Parsing;

namespace Hub.StockReports.Tests.Csv;

public sealed class when_a_text_report_encoding_is_detected : IDisposable
{
    private const string ChineseReport = "商品编码,在库数量,仓库代码\r\nSKU-1,12,HZ-01\r\n";

    private readonly TempReportFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void a_utf8_bom_is_dropped_and_the_rest_decoded_as_utf8()
    {
        _folder.Write("stock.csv", [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(ChineseReport)]);

        var report = _folder.Read("stock.csv");

        Assert.Equal(["商品编码", "在库数量", "仓库代码"], report.Header);
        Assert.Equal(["SKU-1", "12", "HZ-01"], report.Cells(0));
    }

    [Fact]
    public void a_utf16le_bom_file_is_decoded_as_utf16le()
    {
        _folder.Write("stock.csv", [.. Encoding.Unicode.Preamble, .. Encoding.Unicode.GetBytes(ChineseReport)]);

        var report = _folder.Read("stock.csv");

        Assert.Equal(["商品编码", "在库数量", "仓库代码"], report.Header);
        Assert.Equal(["SKU-1", "12", "HZ-01"], report.Cells(0));
    }

    [Fact]
    public void a_utf16be_bom_file_is_decoded_as_utf16be()
    {
        _folder.Write("stock.csv", [.. Encoding.BigEndianUnicode.Preamble, .. Encoding.BigEndianUnicode.GetBytes(ChineseReport)]);

        var report = _folder.Read("stock.csv");

        Assert.Equal(["商品编码", "在库数量", "仓库代码"], report.Header);
    }

    [Fact]
    public void gb18030_chinese_headers_without_a_bom_are_detected()
    {
        _folder.Write("stock.csv", ChineseReport, TempReportFolder.Gb18030);

        var report = _folder.Read("stock.csv");

        Assert.Equal(["商品编码", "在库数量", "仓库代码"], report.Header);
        Assert.Equal(["SKU-1", "12", "HZ-01"], report.Cells(0));
    }

    [Fact]
    public void utf8_chinese_headers_without_a_bom_are_read_as_utf8()
    {
        _folder.Write("stock.csv", ChineseReport, Encoding.UTF8);

        Assert.Equal(["商品编码", "在库数量", "仓库代码"], _folder.Read("stock.csv").Header);
    }

    [Fact]
    public void a_multibyte_character_cut_by_the_end_of_the_sniffed_prefix_is_still_utf8()
    {
        var head = "sku,description\n";
        while (head.Length < TextEncodingDetector.SniffLength - 1000)
        {
            head += "A-0," + new string('x', 995) + "\n";
        }
        head += "A-1,";
        head += new string('x', TextEncodingDetector.SniffLength - 1 - head.Length);
        _folder.Write("stock.csv", [.. Encoding.ASCII.GetBytes(head), .. Encoding.UTF8.GetBytes("仓库\nA-2,库存\n")]);

        var report = _folder.Read("stock.csv");

        Assert.EndsWith("x仓库", report.Rows[^2].Cells[1]);
        Assert.Equal(["A-2", "库存"], report.Rows[^1].Cells);
    }

    [Fact]
    public void a_bad_byte_at_100_kib_in_a_utf8_file_is_unreadable_naming_its_offset()
    {
        var text = new StringBuilder("sku,on_hand,仓库\n");
        for (var i = 0; text.Length < 120 * 1024; i++)
        {
            text.Append($"SKU-{i:D6},{i % 97}\n");
        }
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        bytes[100 * 1024] = 0xFF;
        _folder.Write("stock.csv", bytes);

        var rowsBeforeTheError = 0;
        var error = Assert.Throws<UnreadableReportException>(() =>
        {
            using var stream = File.OpenRead(Path.Combine(_folder.Root, "stock.csv"));
            using var reader = TabularReaders.Open(stream, "stock.csv", new TabularReaderOptions());
            while (reader.TryReadRow(out _))
            {
                rowsBeforeTheError++;
            }
        });

        Assert.Equal("the file was read as UTF-8, judged by its first non-ASCII bytes (at byte 12), but is not valid UTF-8 at byte 102400; declare the file's encoding in the operator profile", error.Message);
        Assert.True(rowsBeforeTheError > 1000, $"{rowsBeforeTheError} rows before the error");
    }

    [Fact]
    public void an_operator_declared_shift_jis_file_is_decoded_as_shift_jis()
    {
        _folder.Write("stock.csv", "品番,在庫数,倉庫コード\r\nJP-1,3,TYO-01\r\n", TempReportFolder.ShiftJis);

        var report = _folder.Read("stock.csv", new TabularReaderOptions { Encoding = "shift_jis" });

        Assert.Equal(["品番", "在庫数", "倉庫コード"], report.Header);
        Assert.Equal(["JP-1", "3", "TYO-01"], report.Cells(0));
    }

    [Fact]
    public void a_byte_the_declared_encoding_cannot_decode_is_unreadable_naming_the_encoding_and_offset()
    {
        _folder.Write("stock.csv", [.. "sku,on_hand\nA-"u8, 0xC3, 0x28, .. ",5\n"u8]);

        var error = _folder.Unreadable("stock.csv", new TabularReaderOptions { Encoding = "utf-8" });

        Assert.Equal("the file is not valid utf-8 (the encoding in the operator profile) at byte 14", error.Message);
    }

    [Fact]
    public void an_unknown_declared_encoding_is_unreadable_naming_it()
    {
        _folder.Write("stock.csv", "sku,on_hand\nA-1,5\n");

        var error = _folder.Unreadable("stock.csv", new TabularReaderOptions { Encoding = "klingon-8" });

        Assert.Contains("'klingon-8'", error.Message);
    }

    [Fact]
    public void a_bom_wins_over_the_declared_encoding()
    {
        _folder.Write("stock.csv", [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(ChineseReport)]);

        var report = _folder.Read("stock.csv", new TabularReaderOptions { Encoding = "shift_jis" });

        Assert.Equal(["商品编码", "在库数量", "仓库代码"], report.Header);
    }

    [Fact]
    public void a_file_that_is_neither_utf8_gb18030_nor_windows_1252_is_unreadable()
    {
        _folder.Write("stock.csv", [.. "sku,on_hand\nA-"u8, 0x81, .. ",5\n"u8]);

        var error = _folder.Unreadable("stock.csv");

        Assert.Equal("the file's encoding cannot be told from its first non-ASCII bytes (at byte 14): they are not UTF-8, and could be neither GB18030 nor Windows-1252; declare the file's encoding in the operator profile, or save the file as UTF-8", error.Message);
    }

    [Fact]
    public void the_sniffed_prefix_is_replayed_from_a_forward_only_stream()
    {
        var text = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"行{i},"));
        using var stream = new ForwardOnlyStream(new MemoryStream(Encoding.UTF8.GetBytes(text)));

        using var reader = TextEncodingDetector.OpenText(stream);

        Assert.Equal(text, reader.ReadToEnd());
    }
}
