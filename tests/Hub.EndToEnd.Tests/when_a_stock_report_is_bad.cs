using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hub.StockReports.Intake;
using Hub.Testing.Files;
using static Hub.EndToEnd.Tests.StockReportClient;

namespace Hub.EndToEnd.Tests;

/// <summary>Each bad input gets its clear result, and leaves the stock of the operator's warehouses exactly as it was.</summary>
public sealed class when_a_stock_report_is_bad(StockReportFixture fixture) : IClassFixture<StockReportFixture>
{
    private readonly StockReportClient _client = fixture.Client;

    [Fact]
    public async Task an_empty_file_is_rejected_as_empty() =>
        await AssertRejectedAsync("empty.csv", [], "the file is empty");

    [Fact]
    public async Task a_header_without_rows_is_rejected() =>
        await AssertRejectedAsync("header-only.csv", Utf8Csv("warehouse_code,sku,on_hand\n"), "header but no data rows");

    [Fact]
    public async Task an_unknown_column_is_ignored_and_named_in_the_status_as_a_warning()
    {
        var status = await _client.UploadAndSettleAsync(UkOperator, "colour.csv", Utf8Csv("warehouse_code,sku,on_hand,colour\nGB-FXT-01,UNKNOWN-COLUMN,5,red\n"));

        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Contains("'colour' (column 4)", status.GetProperty("warnings")[0].GetString(), StringComparison.Ordinal);
        await _client.WaitForStockAsync("UNKNOWN-COLUMN", "GB-FXT-01", status);
    }

    [Fact]
    public async Task a_file_in_no_encoding_the_hub_can_tell_is_rejected_with_the_offset_of_the_bad_byte() =>
        await AssertRejectedAsync("unknown-encoding.csv", [.. "warehouse_code,sku,on_hand\nGB-FXT-01,BAD-ENC-"u8, 0x81, .. ",5\n"u8], "byte");

    [Fact]
    public async Task an_xlsx_declaring_five_gigabytes_is_rejected_without_being_inflated() =>
        await AssertRejectedAsync("bomb.xlsx", ZipBombs.DeclaringSize("xl/worksheets/sheet1.xml", 5L * 1024 * 1024 * 1024, [0xFF, 0xFF]), "bytes");

    [Fact]
    public async Task a_truncated_xlsx_is_rejected()
    {
        var whole = SeedBytes(ZjOperator, "2026-11-26-snapshot.xlsx");
        await AssertRejectedAsync("truncated.xlsx", whole[..(whole.Length / 2)], "truncated or corrupt");
    }

    [Fact]
    public async Task non_numeric_negative_and_foreign_warehouse_rows_are_refused_and_only_the_good_row_applies()
    {
        var csv = Utf8Csv("""
            warehouse_code,sku,on_hand,available
            GB-FXT-01,BAD-ROWS-OK,5,5
            GB-FXT-01,BAD-ROWS-TEXT,five,
            GB-FXT-01,BAD-ROWS-NEG,-1,
            GB-FXT-01,BAD-ROWS-OVER,3,9
            DE-HAM-01,BAD-ROWS-FOREIGN,4,
            """);
        var status = await _client.UploadAndSettleAsync(UkOperator, "bad-rows.csv", csv);

        Assert.Equal("completed-with-errors", status.GetProperty("status").GetString());
        Assert.Equal((5, 1, 4), (status.GetProperty("rowsTotal").GetInt64(), status.GetProperty("rowsAccepted").GetInt64(), status.GetProperty("rowsRejected").GetInt64()));
        var messages = status.GetProperty("errors").EnumerateArray().ToDictionary(e => e.GetProperty("row").GetInt64(), e => $"{e.GetProperty("column").GetString()}: {e.GetProperty("message").GetString()}");
        Assert.Equal("on_hand: must be a whole number", messages[3]);
        Assert.Equal("on_hand: must be 0 or more", messages[4]);
        Assert.StartsWith("available: available (9) + reserved (empty) + unsellable (empty) = 9 exceeds on_hand (3)", messages[5]);
        Assert.StartsWith("warehouse_code: is not a warehouse of operator 'uk-fulfil'", messages[6]);
        await _client.WaitForStockAsync("BAD-ROWS-OK", "GB-FXT-01", status);
        foreach (var refused in new[] { "BAD-ROWS-TEXT", "BAD-ROWS-NEG", "BAD-ROWS-OVER", "BAD-ROWS-FOREIGN" })
            Assert.Null(await _client.StockAsync(refused));
    }

    [Theory]
    [InlineData("..%2F..%2Fhub.db.csv", "path separator")]
    [InlineData("%2Fetc%2Fpasswd.csv", "encoded path separator")]
    [InlineData("..csv", "'..'")]
    [InlineData("sub%5Cfile.csv", "path separator")]
    [InlineData("C%3Astock.csv", "':'")]
    [InlineData("bad%01name.csv", "control characters")]
    public async Task a_file_name_that_could_escape_its_folder_gets_400_and_nothing_is_stored(string fileName, string expected)
    {
        var blobsBefore = BlobFiles();
        using var response = await _client.UploadAsync(UkOperator, fileName, Utf8Csv("warehouse_code,sku,on_hand\nGB-FXT-01,ESCAPE,1\n"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains(expected, problem.RootElement.GetProperty("errors").GetProperty("fileName")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(blobsBefore, BlobFiles());
        Assert.Null(await _client.StockAsync("ESCAPE"));
    }

    [Fact]
    public async Task another_operators_key_may_neither_upload_nor_read_this_operators_reports()
    {
        var mine = await _client.UploadAndSettleAsync(UkOperator, "scoped.csv", Utf8Csv("warehouse_code,sku,on_hand\nGB-FXT-01,SCOPED-1,1\n"));
        var statusUrl = $"/api/warehouses/{UkOperator}/stock-reports/{mine.GetProperty("reportId").GetString()}";

        using (var upload = await _client.UploadAsync(UkOperator, "intruder.csv", Utf8Csv("warehouse_code,sku,on_hand\nGB-FXT-01,INTRUDER,1\n"), ZjKey))
            Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
        using (var read = await _client.SendAsync(HttpMethod.Get, statusUrl, ZjKey))
            Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        using (var errors = await _client.SendAsync(HttpMethod.Get, statusUrl + "/errors.csv", ZjKey))
            Assert.Equal(HttpStatusCode.Forbidden, errors.StatusCode);
        using (var listing = await _client.SendAsync(HttpMethod.Get, "/api/warehouses/GB-FXT-01/stock", ZjKey))
            Assert.Equal(HttpStatusCode.Forbidden, listing.StatusCode);
        using (var reader = await _client.UploadAsync(UkOperator, "reader.csv", Utf8Csv("warehouse_code,sku,on_hand\nGB-FXT-01,INTRUDER,1\n"), ReaderKey))
            Assert.Equal(HttpStatusCode.Forbidden, reader.StatusCode);
        using (var anonymous = await _client.UploadAsync(UkOperator, "anon.csv", Utf8Csv("warehouse_code,sku,on_hand\nGB-FXT-01,INTRUDER,1\n"), key: null!))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Null(await _client.StockAsync("INTRUDER"));
    }

    [Fact]
    public async Task an_unknown_operator_is_404_a_format_the_hub_does_not_read_is_415_and_a_file_over_the_limit_is_413()
    {
        using (var unknown = await _client.UploadAsync("no-such-operator", "x.csv", Utf8Csv("a\n"), AdminKey))
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using (var pdf = await _client.UploadAsync(UkOperator, "stock.pdf", "%PDF-1.7"u8.ToArray()))
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, pdf.StatusCode);

        var blobsBefore = BlobFiles();
        var large = new StringBuilder("warehouse_code,sku,on_hand\n");
        while (large.Length <= StockReportFixture.MaxFileBytes) large.Append("GB-FXT-01,TOO-LARGE,1\n");
        using (var tooLarge = await _client.UploadAsync(UkOperator, "large.csv", Utf8Csv(large.ToString())))
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal(blobsBefore, BlobFiles());
        Assert.Null(await _client.StockAsync("TOO-LARGE"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3 * StockReportFixture.MaxFileBytes)]
    public async Task a_chunked_upload_over_the_limit_is_413_problem_json_and_leaves_no_blob_and_no_report(long bytesOver)
    {
        var blobsBefore = BlobFiles();
        var large = new StringBuilder("warehouse_code,sku,on_hand\n");
        while (large.Length < StockReportFixture.MaxFileBytes + bytesOver) large.Append("GB-FXT-01,CHUNKED-LARGE,1\n");
        var bytes = Encoding.UTF8.GetBytes(large.ToString()[..(int)(StockReportFixture.MaxFileBytes + bytesOver)]);

        // No Content-Length: the limit is found while the body streams, not before.
        var (statusCode, contentType, body) = await ChunkedUpload.PutAsync(fixture.Http.BaseAddress!, $"/api/warehouses/{UkOperator}/stock-reports/chunked.csv", UkKey, bytes);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, statusCode);
        Assert.StartsWith("application/problem+json", contentType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(413, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains($"{StockReportFixture.MaxFileBytes} bytes", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(blobsBefore, BlobFiles());
        var reportId = StockReportIds.For(UkOperator, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        using (var status = await _client.SendAsync(HttpMethod.Get, $"/api/warehouses/{UkOperator}/stock-reports/{reportId}", UkKey))
            Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        Assert.Null(await _client.StockAsync("CHUNKED-LARGE"));
    }

    private async Task AssertRejectedAsync(string fileName, byte[] content, string reasonFragment)
    {
        var before = await UkStockAsync();
        var status = await _client.UploadAndSettleAsync(UkOperator, fileName, content);

        Assert.Equal("rejected", status.GetProperty("status").GetString());
        Assert.Contains(reasonFragment, status.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, status.GetProperty("rowsAccepted").GetInt64());
        Assert.Equal(before, await UkStockAsync());
    }

    private async Task<string> UkStockAsync()
    {
        var levels = new List<JsonElement>();
        foreach (var warehouse in new[] { "GB-FXT-01", "GB-MAN-02" }) levels.AddRange(await _client.WarehouseStockAsync(warehouse));
        return string.Join("\n", levels.Select(l => l.GetRawText()));
    }

    private string[] BlobFiles()
    {
        var root = Path.Combine(fixture.DataPath, "blobs");
        return Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Where(f => !f.Contains("stock-report-errors", StringComparison.Ordinal)).Order().ToArray()
            : [];
    }
}
