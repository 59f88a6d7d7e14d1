using Hub.StockReports.Tests.Csv;

namespace Hub.StockReports.Tests.Ndjson;

public sealed class when_ndjson_keys_first_appear_after_line_1 : IDisposable
{
    private readonly TempReportFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void their_values_are_read_and_validated()
    {
        _folder.Write("stock.ndjson",
            "{\"warehouse_code\":\"DE-01\",\"sku\":\"A-1\",\"on_hand\":5}\n" +
            "{\"warehouse_code\":\"DE-01\",\"sku\":\"A-2\",\"on_hand\":9,\"available\":7,\"lot\":\"L-7\",\"description\":\"Pump\"}\n" +
            "{\"warehouse_code\":\"DE-01\",\"sku\":\"A-3\",\"on_hand\":4,\"available\":50}\n");

        var (_, lines, errors) = NdjsonValidation.Validate(_folder, "stock.ndjson");

        Assert.Equal(2, lines.Count);
        Assert.Equal((7L, "L-7", "Pump"), (lines[1].Available!.Value, lines[1].Lot, lines[1].Description));
        var error = Assert.Single(errors);
        Assert.Equal((3L, "available"), (error.Row, error.Column));
        Assert.Contains("exceeds on_hand (4)", error.Message);
    }

    [Fact]
    public void a_later_key_that_is_no_column_is_ignored_and_listed()
    {
        _folder.Write("stock.ndjson",
            "{\"warehouse_code\":\"DE-01\",\"sku\":\"A-1\",\"on_hand\":5}\n{\"warehouse_code\":\"DE-01\",\"sku\":\"A-2\",\"on_hand\":6,\"colour\":\"red\"}\n");

        var (map, lines, errors) = NdjsonValidation.Validate(_folder, "stock.ndjson");

        Assert.Equal(2, lines.Count);
        Assert.Empty(errors);
        Assert.Equal([("colour", 3)], map.Ignored);
    }

    [Fact]
    public void a_later_alias_of_a_column_is_that_column_and_giving_both_in_one_line_is_an_error()
    {
        _folder.Write("stock.ndjson",
            "{\"warehouse_code\":\"DE-01\",\"sku\":\"A-1\",\"on_hand\":5}\n" +
            "{\"warehouse_code\":\"DE-01\",\"sku\":\"A-2\",\"qty\":6}\n" +
            "{\"warehouse_code\":\"DE-01\",\"sku\":\"A-3\",\"qty\":6,\"on_hand\":7}\n");

        var (_, lines, errors) = NdjsonValidation.Validate(_folder, "stock.ndjson");

        Assert.Equal([5L, 6L], lines.Select(l => l.OnHand));
        var error = Assert.Single(errors);
        Assert.Equal((3L, "on_hand", "is given 2 times in this row, as 'on_hand' and 'qty'; give it once"), (error.Row, error.Column, error.Message));
    }
}
