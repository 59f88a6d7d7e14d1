using Hub.StockReports.Parsing;
using Hub.StockReports.Rows;
using static Hub.StockReports.Tests.Rows.StockRowFixtures;

namespace Hub.StockReports.Tests.Csv;

public sealed class when_a_csv_cell_is_too_long : IDisposable
{
    private readonly TempReportFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void the_cell_is_cut_and_its_row_is_an_error_naming_row_and_column(bool quoted)
    {
        var huge = new string('x', 200_000);
        var field = quoted ? $"\"{huge}\"" : huge;
        _folder.Write("stock.csv", $"warehouse,sku,description,qty\nDE-01,A-1,short,5\nDE-01,A-2,{field},6\nDE-01,A-3,short,7\n");

        var report = _folder.Read("stock.csv");
        var errors = Validate(report);

        Assert.Equal(3, report.Rows.Count);
        Assert.Equal(TabularLimits.MaxCellLength + 1, report.Cells(1)[2]!.Length);
        var error = Assert.Single(errors);
        Assert.Equal(3, error.Row);
        Assert.Equal("description", error.Column);
        Assert.Equal($"{new string('x', 100)}… (more than 32,767 characters)", error.Value);
        Assert.Equal("is longer than 32,767 characters, the most a spreadsheet cell holds", error.Message);
        Assert.Equal(["DE-01", "A-3", "short", "7"], report.Cells(2));
    }

    [Fact]
    public void a_cell_of_exactly_the_limit_is_kept_whole()
    {
        var limit = new string('y', TabularLimits.MaxCellLength);
        _folder.Write("stock.csv", $"warehouse,sku,description,qty\nDE-01,A-1,{limit},5\n");

        var report = _folder.Read("stock.csv");

        Assert.Equal(limit, report.Cells(0)[2]);
        Assert.Empty(Validate(report));
    }

    [Fact]
    public void a_long_cell_after_a_quoted_line_break_is_placed_on_its_own_row()
    {
        _folder.Write("stock.csv", $"warehouse,sku,description,qty\nDE-01,A-1,\"two\nlines\",5\n\nDE-01,A-2,{new string('z', 40_000)},6\n");

        var errors = Validate(_folder.Read("stock.csv"));

        Assert.Equal((4L, "description"), (Assert.Single(errors).Row, errors[0].Column));
    }

    [Fact]
    public void a_huge_quoted_field_running_over_lines_is_refused_as_a_runaway_quote()
    {
        _folder.Write("stock.csv", $"sku,description\nA-1,\"{string.Concat(Enumerable.Repeat("line of text\n", 5_000))}\"\n");

        Assert.StartsWith("the quoted field opened on line 2 runs over several lines", _folder.Unreadable("stock.csv").Message);
    }

    private static List<RowError> Validate(ReadReport report)
    {
        var map = Assert.IsType<StockHeaderMapping.Mapped>(StockHeaderMapper.Map(report.Header, Operator())).Map;
        var validator = new StockRowValidator(map, Operator());
        return [.. report.Rows.SelectMany(r => validator.Validate(r) is StockRowResult.Invalid invalid ? invalid.Errors : [])];
    }
}
