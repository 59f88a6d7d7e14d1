using System.IO.Compression;
using System.Text;
using Hub.StockReports.Parsing;

namespace Hub.StockReports.Tests.Xlsx;

public sealed class when_an_xlsx_file_is_broken
{
    private static byte[] ValidWorkbook() => new TestWorkbook().Sheet("Stock",
        [TestWorkbook.Row(1, TestWorkbook.Inline("A1", "sku"), TestWorkbook.Inline("B1", "on_hand")),
            .. Enumerable.Range(2, 500).Select(r => TestWorkbook.Row((uint)r, TestWorkbook.Inline($"A{r}", $"SKU-{r}"), TestWorkbook.Number($"B{r}", "1")))])
        .ToBytes();

    [Fact]
    public void the_first_half_of_a_workbook_is_refused_as_truncated()
    {
        var whole = ValidWorkbook();

        var error = Assert.Throws<UnreadableReportException>(() =>
            XlsxTabularReader.Open(new MemoryStream(whole[..(whole.Length / 2)]), new TabularReaderOptions()));

        Assert.Equal("the XLSX file is truncated or corrupt", error.Message);
    }

    [Fact]
    public void a_truncated_non_seekable_upload_is_refused_the_same_way()
    {
        var whole = ValidWorkbook();

        var error = Assert.Throws<UnreadableReportException>(() =>
            XlsxTabularReader.Open(new ForwardOnlyXlsxStream(whole[..(whole.Length / 2)]), new TabularReaderOptions()));

        Assert.Equal("the XLSX file is truncated or corrupt", error.Message);
    }

    [Fact]
    public void a_csv_named_xlsx_is_refused_as_not_a_zip()
    {
        var csv = Encoding.UTF8.GetBytes("sku,on_hand\nSKU-1,3\n");

        var error = Assert.Throws<UnreadableReportException>(() => XlsxTabularReader.Open(new MemoryStream(csv), new TabularReaderOptions()));

        Assert.Contains("not a zip archive", error.Message);
    }

    [Fact]
    public void an_empty_file_is_refused_as_not_a_zip()
    {
        var error = Assert.Throws<UnreadableReportException>(() => XlsxTabularReader.Open(new MemoryStream(), new TabularReaderOptions()));

        Assert.Contains("not a zip archive", error.Message);
    }

    [Fact]
    public void a_legacy_xls_is_refused_with_advice()
    {
        byte[] oleHeader = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[504]];

        var error = Assert.Throws<UnreadableReportException>(() => XlsxTabularReader.Open(new MemoryStream(oleHeader), new TabularReaderOptions()));

        Assert.Contains(".xls", error.Message);
    }

    [Fact]
    public void a_zip_without_a_workbook_is_refused_as_not_an_xlsx()
    {
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = new StreamWriter(archive.CreateEntry("stock.csv").Open());
            entry.Write("sku,on_hand\nSKU-1,3\n");
        }

        zip.Position = 0;
        var error = Assert.Throws<UnreadableReportException>(() => XlsxTabularReader.Open(zip, new TabularReaderOptions()));

        Assert.Contains("not an XLSX workbook", error.Message);
    }

    [Fact]
    public void a_sheet_whose_xml_breaks_off_is_refused_midway()
    {
        var zip = new MemoryStream();
        zip.Write(ValidWorkbook());
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Update, leaveOpen: true))
        {
            var sheet = archive.Entries.Single(e => e.FullName.Contains("worksheets/", StringComparison.Ordinal));
            string xml;
            using (var reader = new StreamReader(sheet.Open()))
            {
                xml = reader.ReadToEnd();
            }

            sheet.Delete();
            using var writer = new StreamWriter(archive.CreateEntry(sheet.FullName).Open());
            writer.Write(xml[..(xml.Length / 2)]);
        }

        zip.Position = 0;
        using var xlsx = XlsxTabularReader.Open(zip, new TabularReaderOptions());

        var error = Assert.Throws<UnreadableReportException>(() => TestWorkbook.ReadAll(xlsx));

        Assert.Contains("truncated or corrupt", error.Message);
        Assert.Contains("after row", error.Message);
    }
}
