using System.Text;
using Hub.StockReports.Parsing;

namespace Hub.StockReports.Tests.Csv;

public sealed class when_a_text_report_has_no_declared_encoding : IDisposable
{
    private static readonly Encoding Windows1252 = Encoding.GetEncoding(1252);

    private readonly TempReportFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void windows_1252_text_is_read_as_windows_1252_not_as_chinese()
    {
        _folder.Write("stock.csv", "sku,description,on_hand\r\nA-1,Crème brûlée Müller,5\r\nA-2,Straße à Señor,6\r\n", Windows1252);

        var report = _folder.Read("stock.csv");

        Assert.Equal(["A-1", "Crème brûlée Müller", "5"], report.Cells(0));
        Assert.Equal(["A-2", "Straße à Señor", "6"], report.Cells(1));
    }

    [Fact]
    public void latin_1_text_reads_the_same_as_windows_1252()
    {
        _folder.Write("stock.csv", "sku,description,on_hand\nA-1,Crème brûlée Müller,5\n", Encoding.Latin1);

        Assert.Equal("Crème brûlée Müller", _folder.Read("stock.csv").Cells(0)[1]);
    }

    [Fact]
    public void gb18030_whose_first_non_ascii_byte_comes_after_64_kib_is_read_as_gb18030()
    {
        var text = new StringBuilder("sku,description,on_hand\n");
        while (text.Length < TextEncodingDetector.SniffLength + 10_000)
        {
            text.Append("A-0,plain ascii,1\n");
        }
        text.Append("A-1,不锈钢水泵,5\nA-2,电动螺丝刀,6\n");
        var bytes = TempReportFolder.Gb18030.GetBytes(text.ToString());
        Assert.True(Array.FindIndex(bytes, b => b >= 0x80) > TextEncodingDetector.SniffLength);
        _folder.Write("stock.csv", bytes);

        var report = _folder.Read("stock.csv");

        Assert.Equal(["A-1", "不锈钢水泵", "5"], report.Rows[^2].Cells);
        Assert.Equal(["A-2", "电动螺丝刀", "6"], report.Rows[^1].Cells);
    }

    [Fact]
    public void windows_1252_far_down_a_forward_only_stream_is_decided_there_with_a_bounded_buffer()
    {
        var text = new StringBuilder();
        while (text.Length < 3 * TextEncodingDetector.SniffLength)
        {
            text.Append("plain ascii line\n");
        }
        text.Append("Crème brûlée\n");
        var source = new ForwardOnlyStream(new MemoryStream(Windows1252.GetBytes(text.ToString())));
        using var reader = TextEncodingDetector.OpenText(source);

        var buffer = new char[1024];
        var read = new StringBuilder();
        var mostAheadOfTheReader = 0L;
        for (int n; (n = reader.Read(buffer)) > 0;)
        {
            read.Append(buffer, 0, n);
            mostAheadOfTheReader = Math.Max(mostAheadOfTheReader, source.BytesRead - read.Length);
        }

        Assert.Equal(text.ToString(), read.ToString());
        Assert.True(mostAheadOfTheReader <= TextEncodingDetector.SniffLength, $"{mostAheadOfTheReader:N0} bytes read ahead");
    }

    [Fact]
    public void bytes_that_could_be_chinese_or_latin_are_refused_asking_for_the_encoding()
    {
        _folder.Write("stock.csv", "sku,description,on_hand\nA-1,GRÜß,5\n", Windows1252);

        var error = _folder.Unreadable("stock.csv");

        Assert.Equal("the file's encoding cannot be told from its first non-ASCII bytes (at byte 30): they are not UTF-8, and could be either GB18030 (Chinese) or Windows-1252 (Western European); declare the file's encoding in the operator profile, or save the file as UTF-8", error.Message);
    }

    [Fact]
    public void a_declared_windows_1252_reads_what_detection_would_refuse()
    {
        _folder.Write("stock.csv", "sku,description,on_hand\nA-1,GRÜß,5\n", Windows1252);

        Assert.Equal("GRÜß", _folder.Read("stock.csv", new TabularReaderOptions { Encoding = "windows-1252" }).Cells(0)[1]);
    }

    [Fact]
    public void a_short_chinese_description_is_still_gb18030()
    {
        _folder.Write("stock.csv", "sku,description,on_hand\nA-1,库存,5\n", TempReportFolder.Gb18030);

        Assert.Equal("库存", _folder.Read("stock.csv").Cells(0)[1]);
    }
}
