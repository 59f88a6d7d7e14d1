using Hub.StockReports.Parsing;

namespace Hub.StockReports.Tests.Csv;

public sealed class when_a_report_file_type_is_chosen : IDisposable
{
    private readonly TempReportFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("stock.csv", typeof(CsvTabularReader))]
    [InlineData("STOCK.CSV", typeof(CsvTabularReader))]
    [InlineData("stock.txt", typeof(CsvTabularReader))]
    [InlineData("stock.tsv", typeof(CsvTabularReader))]
    [InlineData("stock.ndjson", typeof(NdjsonTabularReader))]
    [InlineData("stock.jsonl", typeof(NdjsonTabularReader))]
    public void the_extension_picks_the_reader(string fileName, Type readerType)
    {
        var content = readerType == typeof(NdjsonTabularReader) ? "{\"sku\":\"A-1\"}\n" : "sku\nA-1\n";
        _folder.Write(fileName, content);

        using var stream = File.OpenRead(Path.Combine(_folder.Root, fileName));
        using var reader = TabularReaders.Open(stream, fileName, new TabularReaderOptions());

        Assert.IsType(readerType, reader);
        Assert.Equal(["sku"], reader.Header);
    }

    [Theory]
    [InlineData("stock.xls", "'.xls' files are not accepted")]
    [InlineData("stock.json", "'.json' files are not accepted")]
    [InlineData("stock", "has no extension")]
    public void another_extension_is_unreadable_listing_the_accepted_ones(string fileName, string reason)
    {
        var error = Assert.Throws<UnreadableReportException>(() => TabularReaders.Open(new MemoryStream(), fileName, new TabularReaderOptions()));

        Assert.Contains(reason, error.Message);
        Assert.Contains(".csv, .tsv, .txt, .xlsx, .ndjson, .jsonl", error.Message);
    }
}
