using Hub.StockReports.Parsing;
using Hub.StockReports.Rows;
using static Hub.StockReports.Tests.Rows.StockRowFixtures;
using static Hub.StockReports.Tests.Xlsx.StreamedWorkbook;

namespace Hub.StockReports.Tests.Xlsx;

/// <summary>
/// Cells far beyond what a spreadsheet holds, inflating to 90 MB (under the zip-bomb checks, as the testers' 14 MB upload
/// inflating to 1,000 MiB was). What the reading thread allocates is measured: before the fix the reader took such a cell
/// as one string (180 MB of UTF-16 at least, more while it was concatenated), now it keeps 32,768 characters of it. This proves
/// the reader's allocations do not follow the cell's size; it does not measure the process's peak working set.
/// </summary>
[Collection(nameof(MemoryMeasurements))]
public sealed class when_an_xlsx_cell_is_too_long
{
    private const long HugeCell = 90L * 1024 * 1024;
    private const long AllowedAllocation = 24L * 1024 * 1024;

    private const string Header =
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>warehouse</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>sku</t></is></c>"
        + "<c r=\"C1\" t=\"inlineStr\"><is><t>qty</t></is></c><c r=\"D1\" t=\"inlineStr\"><is><t>description</t></is></c></row>";

    private static string Row(int number, string sku, string description = "") =>
        $"<row r=\"{number}\"><c r=\"A{number}\" t=\"inlineStr\"><is><t>DE-01</t></is></c><c r=\"B{number}\" t=\"inlineStr\"><is><t>{sku}</t></is></c>"
        + $"<c r=\"C{number}\"><v>5</v></c>{description}</row>";

    [Fact]
    public void a_huge_inline_string_is_a_row_error_and_is_never_held()
    {
        using var file = Write([Text(Header + Row(2, "A-1")), Huge(Row(3, "A-2").Replace("</row>", "") + "<c r=\"D3\" t=\"inlineStr\"><is><t>", HugeCell, "</t></is></c></row>"), Text(Row(4, "A-3"))]);

        var (errors, lines, allocated) = ReadAndValidate(file);

        AssertTooLong(errors, row: 3, "description");
        Assert.Equal(["A-1", "A-3"], lines.Select(l => l.Sku));
        Assert.True(allocated < AllowedAllocation, $"{allocated:N0} bytes allocated reading a {HugeCell:N0}-character cell");
    }

    [Fact]
    public void a_huge_shared_string_is_cut_in_the_table_and_its_cells_are_row_errors()
    {
        using var file = Write(
            [Text(Header + Row(2, "A-1", "<c r=\"D2\" t=\"s\"><v>1</v></c>") + Row(3, "A-2", "<c r=\"D3\" t=\"s\"><v>0</v></c>"))],
            [Text("<si><t>short</t></si>"), Huge("<si><t>", HugeCell, "</t></si>")]);

        var (errors, lines, allocated) = ReadAndValidate(file);

        AssertTooLong(errors, row: 2, "description");
        Assert.Equal("short", Assert.Single(lines).Description);
        Assert.True(allocated < AllowedAllocation, $"{allocated:N0} bytes allocated reading a {HugeCell:N0}-character shared string");
    }

    [Fact]
    public void a_formulas_huge_cached_value_is_a_row_error()
    {
        using var file = Write([Text(Header), Huge(Row(2, "A-1").Replace("</row>", "") + "<c r=\"D2\" t=\"str\"><f>REPT(\"x\",90000000)</f><v>", HugeCell, "</v></c></row>")]);

        var (errors, _, allocated) = ReadAndValidate(file);

        AssertTooLong(errors, row: 2, "description");
        Assert.True(allocated < AllowedAllocation, $"{allocated:N0} bytes allocated reading a {HugeCell:N0}-character cached value");
    }

    [Fact]
    public void a_huge_cell_right_of_the_header_is_not_read_at_all()
    {
        using var file = Write([Text(Header), Huge(Row(2, "A-1").Replace("</row>", "") + "<c r=\"F2\" t=\"inlineStr\"><is><t>", HugeCell, "</t></is></c></row>")]);

        var (errors, lines, allocated) = ReadAndValidate(file);

        Assert.Empty(errors);
        Assert.Single(lines);
        Assert.True(allocated < AllowedAllocation, $"{allocated:N0} bytes allocated");
    }

    [Fact]
    public void a_cell_of_exactly_the_limit_is_kept_whole()
    {
        var limit = new string('y', TabularLimits.MaxCellLength);
        using var file = Write([Text(Header + Row(2, "A-1", $"<c r=\"D2\" t=\"inlineStr\"><is><t>{limit}</t></is></c>"))]);

        var (errors, lines, _) = ReadAndValidate(file);

        Assert.Empty(errors);
        Assert.Equal(limit, Assert.Single(lines).Description);
    }

    [Fact]
    public void a_shared_strings_table_beyond_its_bound_is_refused_asking_for_csv()
    {
        var strings = Enumerable.Range(0, (int)(XlsxSharedStrings.MaxCharacters / 30_000) + 2).Select(_ => Huge("<si><t>", 30_000, "</t></si>"));
        using var file = Write([Text(Header)], strings);

        var error = Assert.Throws<UnreadableReportException>(() => XlsxTabularReader.Open(file, new TabularReaderOptions()));

        Assert.Equal("the workbook's shared strings table holds more than 8,388,608 strings or 67,108,864 characters, more than a stock report is read with; save the sheet as CSV UTF-8 and send that instead", error.Message);
    }

    [Fact]
    public void a_styles_part_too_large_to_load_whole_is_refused_before_it_is_inflated()
    {
        using var file = Write([Text(Header)], stylesXml: Huge("<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><!--", 40L * 1024 * 1024, "--></styleSheet>"));

        var error = Assert.Throws<UnreadableReportException>(() => XlsxTabularReader.Open(file, new TabularReaderOptions()));

        Assert.StartsWith("the XLSX part 'xl/styles.xml' would inflate to 41,943,", error.Message);
        Assert.EndsWith("bytes, more than the 33,554,432 bytes such a part may have", error.Message);
    }

    private static (List<RowError> Errors, List<StockLine> Lines, long Allocated) ReadAndValidate(Stream file)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        using var reader = XlsxTabularReader.Open(file, new TabularReaderOptions());
        var (_, lines, errors) = ValidateAll(reader);
        return (errors, lines, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void AssertTooLong(List<RowError> errors, long row, string column)
    {
        var error = Assert.Single(errors);
        Assert.Equal((row, column), (error.Row, error.Column));
        Assert.Equal($"{new string('x', 100)}… (more than 32,767 characters)", error.Value);
        Assert.Equal("is longer than 32,767 characters, the most a spreadsheet cell holds", error.Message);
    }
}
