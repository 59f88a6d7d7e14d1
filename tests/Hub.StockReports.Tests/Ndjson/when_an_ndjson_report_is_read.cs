using System.Text;
using Hub.StockReports.Tests.Csv;

namespace Hub.StockReports.Tests.Ndjson;

public sealed class when_an_ndjson_report_is_read : IDisposable
{
    private readonly TempReportFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void the_first_objects_properties_are_the_header_and_it_is_the_first_row()
    {
        var report = _folder.Read("stock.ndjson",
            """
            {"warehouse_code":"DE-01","sku":"A-1","on_hand":5}
            {"warehouse_code":"DE-01","sku":"A-2","on_hand":7}

            """);

        Assert.Equal(["warehouse_code", "sku", "on_hand"], report.Header);
        Assert.Equal([["DE-01", "A-1", "5"], ["DE-01", "A-2", "7"]], report.Rows.Select(r => r.Cells));
        Assert.Equal([1L, 2L], report.RowNumbers);
    }

    [Fact]
    public void missing_properties_are_null_later_keys_join_the_header_and_order_does_not_matter()
    {
        var report = _folder.Read("stock.jsonl",
            "{\"sku\":\"A-1\",\"on_hand\":5,\"lot\":\"L1\"}\n" +
            "{\"on_hand\":6,\"sku\":\"A-2\",\"colour\":\"red\"}\n" +
            "{\"sku\":\"A-3\"}\n");

        Assert.Equal(["sku", "on_hand", "lot", "colour"], report.Header);
        Assert.Equal([["A-1", "5", "L1"], ["A-2", "6", null, "red"], ["A-3", null, null, null]], report.Rows.Select(r => r.Cells));
    }

    [Fact]
    public void values_become_text_the_mapping_layer_can_judge()
    {
        var report = _folder.Read("stock.ndjson",
            "{\"sku\":\"A-1\",\"on_hand\":1e3,\"price\":1.50,\"active\":true,\"hold\":false,\"lot\":null,\"unit\":\"\",\"dims\":{\"w\": 2},\"tags\":[1, \"x\"]}\n");

        Assert.Equal(["A-1", "1e3", "1.50", "true", "false", null, null, "{\"w\": 2}", "[1, \"x\"]"], report.Cells(0));
    }

    [Fact]
    public void blank_lines_are_skipped_and_rows_keep_their_line_numbers()
    {
        var report = _folder.Read("stock.ndjson", "\r\n  \r\n{\"sku\":\"A-1\"}\r\n\r\n\t\r\n{\"sku\":\"A-2\"}\r\n");

        Assert.Equal([["A-1"], ["A-2"]], report.Rows.Select(r => r.Cells));
        Assert.Equal([3L, 6L], report.RowNumbers);
    }

    [Fact]
    public void strings_keep_their_escapes_decoded_and_their_spaces()
    {
        var report = _folder.Read("stock.ndjson", "{\"商品编码\":\"A-1\",\"description\":\" Pump \\\"X\\\"\\n\\u4ed3 \"}\n");

        Assert.Equal(["商品编码", "description"], report.Header);
        Assert.Equal(["A-1", " Pump \"X\"\n仓 "], report.Cells(0));
    }

    [Fact]
    public void a_utf8_bom_before_the_first_object_is_dropped()
    {
        _folder.Write("stock.ndjson", [.. Encoding.UTF8.Preamble, .. "{\"sku\":\"A-1\"}\n"u8]);

        Assert.Equal(["sku"], _folder.Read("stock.ndjson").Header);
    }
}
