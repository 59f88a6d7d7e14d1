using Hub.StockReports.Parsing;
using Hub.StockReports.Rows;
using Hub.StockReports.Tests.Xlsx;
using static Hub.StockReports.Tests.Rows.StockRowFixtures;

namespace Hub.StockReports.Tests.Csv;

/// <summary>
/// A 90 MB cell made up as it is read (<see cref="RepeatingStream"/>), through the real readers and the validator. What the
/// reading thread allocates shows that nothing follows the cell's size: the decoder's and Sep's buffers are reused, the cut
/// cell is 32,768 characters. It does not measure the process's peak working set.
/// </summary>
[Collection(nameof(MemoryMeasurements))]
public sealed class when_a_text_report_holds_a_huge_cell
{
    private const long HugeCell = 90L * 1024 * 1024;
    private const long AllowedAllocation = 24L * 1024 * 1024;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void a_csv_cell_is_cut_as_it_streams_past_and_its_row_is_an_error(bool quoted)
    {
        var quote = quoted ? "\"" : "";
        using var content = new RepeatingStream($"warehouse,sku,qty,description\nDE-01,A-1,5,ok\nDE-01,A-2,6,{quote}", (byte)'x', HugeCell, $"{quote}\nDE-01,A-3,7,ok\n");

        var (errors, lines, allocated) = ReadAndValidate(content, "stock.csv");

        Assert.Equal((3L, "description"), (Assert.Single(errors).Row, errors[0].Column));
        Assert.Equal(["A-1", "A-3"], lines.Select(l => l.Sku));
        Assert.True(allocated < AllowedAllocation, $"{allocated:N0} bytes allocated reading a {HugeCell:N0}-character cell");
    }

    [Fact]
    public void an_ndjson_string_is_passed_over_and_its_line_is_an_error_naming_its_key()
    {
        using var content = new RepeatingStream(
            "{\"warehouse\":\"DE-01\",\"sku\":\"A-1\",\"qty\":5}\n{\"warehouse\":\"DE-01\",\"sku\":\"A-2\",\"description\":\"", (byte)'x', HugeCell,
            "\",\"qty\":6}\n{\"warehouse\":\"DE-01\",\"sku\":\"A-3\",\"qty\":7}\n");

        var (errors, lines, allocated) = ReadAndValidate(content, "stock.ndjson");

        Assert.Equal((2L, "description"), (Assert.Single(errors).Row, errors[0].Column));
        Assert.Equal(["A-1", "A-3"], lines.Select(l => l.Sku));
        Assert.True(allocated < AllowedAllocation, $"{allocated:N0} bytes allocated reading a {HugeCell:N0}-character line");
    }

    private static (List<RowError> Errors, List<StockLine> Lines, long Allocated) ReadAndValidate(Stream content, string fileName)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        using var reader = TabularReaders.Open(content, fileName, new TabularReaderOptions());
        var (_, lines, errors) = ValidateAll(reader);
        return (errors, lines, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
