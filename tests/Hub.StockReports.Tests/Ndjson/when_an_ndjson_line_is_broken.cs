using Hub.StockReports.Parsing;
using Hub.StockReports.Rows;
using Hub.StockReports.Tests.Csv;

namespace Hub.StockReports.Tests.Ndjson;

public sealed class when_an_ndjson_line_is_broken : IDisposable
{
    private const string Good = "{\"warehouse_code\":\"DE-01\",\"sku\":\"A-1\",\"on_hand\":5}\n";
    private const string AlsoGood = "{\"warehouse_code\":\"DE-01\",\"sku\":\"A-4\",\"on_hand\":7}\n";

    private readonly TempReportFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("{\"warehouse_code\":\"DE-01\",\"sku\":\"A-", "sku", "is not a JSON object: ")]
    [InlineData("{\"warehouse_code\":\"DE-01\",", StockRowValidator.UnreadableLine, "is not a JSON object: ")]
    [InlineData("[1, 2]", StockRowValidator.UnreadableLine, "is not a JSON object but an array")]
    [InlineData("42", StockRowValidator.UnreadableLine, "is not a JSON object but a number")]
    [InlineData("sku,on_hand", StockRowValidator.UnreadableLine, "is not a JSON object: ")]
    [InlineData("{\"sku\":\"A-2\",\"sku\":\"A-3\"}", "sku", "is given twice in this line")]
    [InlineData("{\"sku\":\"A-2\"} {\"sku\":\"A-3\"}", StockRowValidator.UnreadableLine, "is not a JSON object: ")]
    public void it_is_a_row_error_naming_its_line_and_the_rest_is_read(string bad, string column, string message)
    {
        _folder.Write("stock.ndjson", Good + "\n" + bad + "\n" + AlsoGood);

        var (_, lines, errors) = NdjsonValidation.Validate(_folder, "stock.ndjson");

        Assert.Equal(["A-1", "A-4"], lines.Select(l => l.Sku));
        var error = Assert.Single(errors);
        Assert.Equal((3L, column), (error.Row, error.Column));
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void nesting_deeper_than_64_is_a_row_error()
    {
        _folder.Write("stock.ndjson", Good + "{\"sku\":" + new string('[', 10_000) + new string(']', 10_000) + "}\n" + AlsoGood);

        var (_, lines, errors) = NdjsonValidation.Validate(_folder, "stock.ndjson");

        Assert.Equal(2, lines.Count);
        Assert.Equal((2L, "sku"), (Assert.Single(errors).Row, errors[0].Column));
    }

    [Fact]
    public void a_huge_string_is_a_row_error_naming_its_key_without_holding_the_line()
    {
        _folder.Write("stock.ndjson", Good + "{\"sku\":\"A-2\",\"description\":\"" + new string('x', 5 * NdjsonTabularReader.MaxLineLength) + "\",\"on_hand\":1}\n" + AlsoGood);

        var (_, lines, errors) = NdjsonValidation.Validate(_folder, "stock.ndjson");

        Assert.Equal(2, lines.Count);
        var error = Assert.Single(errors);
        Assert.Equal((2L, "description"), (error.Row, error.Column));
        Assert.StartsWith("is longer than 32,767 characters", error.Message);
        Assert.True(error.Value!.Length < 400);
    }

    [Fact]
    public void a_string_over_the_cell_limit_is_a_row_error_of_its_column()
    {
        _folder.Write("stock.ndjson", Good + "{\"warehouse_code\":\"DE-01\",\"sku\":\"A-2\",\"on_hand\":1,\"description\":\"" + new string('y', 40_000) + "\"}\n");

        var (_, _, errors) = NdjsonValidation.Validate(_folder, "stock.ndjson");

        var error = Assert.Single(errors);
        Assert.Equal((2L, "description", "is longer than 32,767 characters, the most a spreadsheet cell holds"), (error.Row, error.Column, error.Message));
    }

    [Fact]
    public void a_broken_first_line_leaves_no_header_and_the_file_is_unreadable()
    {
        _folder.Write("stock.ndjson", "{\"sku\":\"A-1\",\n" + Good);

        Assert.StartsWith("line 1 is not a JSON object", _folder.Unreadable("stock.ndjson").Message);
    }
}
