using System.IO.Compression;
using System.Text;
using Hub.StockReports.Parsing;
using Hub.Testing.Files;

namespace Hub.StockReports.Tests.Xlsx;

public sealed class when_an_xlsx_is_a_zip_bomb
{
    [Fact]
    public void parts_inflating_beyond_the_limit_are_refused()
    {
        var bomb = ZipOfZeros("xl/worksheets/sheet1.xml", 50L * 1024 * 1024);

        var error = Assert.Throws<UnreadableReportException>(() =>
            XlsxTabularReader.Open(new MemoryStream(bomb), new TabularReaderOptions { MaxUncompressedBytes = 10L * 1024 * 1024 }));

        Assert.Equal("the XLSX file would inflate to 52,428,800 bytes, more than the 10,485,760 bytes allowed", error.Message);
    }

    [Fact]
    public void a_part_with_an_absurd_compression_ratio_is_refused_even_under_the_limit()
    {
        var bomb = ZipOfZeros("xl/sharedStrings.xml", 300L * 1024 * 1024);
        Assert.True(bomb.Length < 2 * 1024 * 1024, $"the bomb is {bomb.Length:N0} bytes");

        var error = Assert.Throws<UnreadableReportException>(() => XlsxTabularReader.Open(new MemoryStream(bomb), new TabularReaderOptions()));

        Assert.Contains("'xl/sharedStrings.xml' would inflate from", error.Message);
        Assert.Contains("to 314,572,800 bytes", error.Message);
    }

    [Fact]
    public void a_central_directory_declaring_five_gigabytes_is_refused_without_inflating()
    {
        // The entry's data is not valid deflate: inflating it would fail as "corrupt", not be refused for its size.
        var bomb = ZipBombs.DeclaringSize("xl/worksheets/sheet1.xml", uncompressed: 5L * 1024 * 1024 * 1024, data: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);

        var error = Assert.Throws<UnreadableReportException>(() =>
            XlsxTabularReader.Open(new MemoryStream(bomb), new TabularReaderOptions { MaxUncompressedBytes = 1L << 30 }));

        Assert.Contains("5,368,709,120 bytes", error.Message);
        Assert.DoesNotContain("corrupt", error.Message);
    }

    [Fact]
    public void the_same_declared_size_in_a_non_seekable_upload_is_refused_too()
    {
        var bomb = ZipBombs.DeclaringSize("xl/worksheets/sheet1.xml", uncompressed: 5L * 1024 * 1024 * 1024, data: [0xFF, 0xFF]);

        var error = Assert.Throws<UnreadableReportException>(() =>
            XlsxTabularReader.Open(new ForwardOnlyXlsxStream(bomb), new TabularReaderOptions()));

        Assert.Contains("5,368,709,120 bytes", error.Message);
    }

    [Fact]
    public void a_package_of_more_parts_than_a_workbook_has_is_refused_before_they_are_listed()
    {
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i <= 10_000; i++)
            {
                archive.CreateEntry($"xl/media/p{i}.bin", CompressionLevel.NoCompression);
            }
        }

        var error = Assert.Throws<UnreadableReportException>(() => XlsxTabularReader.Open(new MemoryStream(zip.ToArray()), new TabularReaderOptions()));

        Assert.Equal("the XLSX file has 10,001 parts, more than the 10,000 a workbook may have", error.Message);
    }

    private static byte[] ZipOfZeros(string entryName, long length)
    {
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = archive.CreateEntry(entryName, CompressionLevel.Optimal).Open();
            var zeros = new byte[1024 * 1024];
            for (var written = 0L; written < length; written += zeros.Length)
            {
                entry.Write(zeros, 0, (int)Math.Min(zeros.Length, length - written));
            }
        }

        return zip.ToArray();
    }
}
