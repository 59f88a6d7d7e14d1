using System.Net;
using System.Text;
using System.Text.Json;
using static Hub.EndToEnd.Tests.StockReportClient;

namespace Hub.EndToEnd.Tests;

public sealed class when_an_operator_uploads_a_stock_report(StockReportFixture fixture) : IClassFixture<StockReportFixture>
{
    private readonly StockReportClient _client = fixture.Client;

    [Fact]
    public async Task the_english_seed_report_completes_with_each_bad_row_listed_and_the_good_rows_queryable()
    {
        var status = await _client.UploadAndSettleAsync(UkOperator, "2026-11-25-stock.csv", SeedBytes(UkOperator, "2026-11-25-stock.csv"));

        Assert.Equal("completed-with-errors", status.GetProperty("status").GetString());
        Assert.Equal(13, status.GetProperty("rowsTotal").GetInt64());
        Assert.Equal(9, status.GetProperty("rowsAccepted").GetInt64());
        Assert.Equal(4, status.GetProperty("rowsRejected").GetInt64());
        Assert.Equal(8, status.GetProperty("stockLevels").GetInt64());
        Assert.Equal(1, status.GetProperty("lowStockAlerts").GetInt64());
        var errors = status.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("row").GetInt64(), e.GetProperty("column").GetString(), e.GetProperty("value").GetString(), e.GetProperty("message").GetString())).ToList();
        Assert.Equal([
            (8, "on_hand", "-5", "must be 0 or more"),
            (9, "available", "12a", "must be a whole number"),
            (11, "warehouse_code", "DE-HAM-01", "is not a warehouse of operator 'uk-fulfil', whose warehouses are GB-FXT-01, GB-MAN-02"),
            (12, "sku", "WZ-BOOT-3942", "duplicate of row 6")], errors);

        // Two lots of one SKU: summed, and each kept.
        var pump = await _client.WaitForStockAsync("ZJ-PUMP-001", "GB-FXT-01", status);
        Assert.Equal(55, pump.GetProperty("onHand").GetInt64());
        Assert.Equal(42, pump.GetProperty("available").GetInt64());
        Assert.Equal(["P2609-A", "P2611-B"], pump.GetProperty("lots").EnumerateArray().Select(l => l.GetProperty("lot").GetString()));
        Assert.Equal("uk-fulfil", pump.GetProperty("operatorId").GetString());
        Assert.Equal(status.GetProperty("reportId").GetString(), pump.GetProperty("reportId").GetString());
        // The negative and non-numeric rows applied nothing.
        Assert.False((await _client.StockAsync("HZ-VALVE-220"))?.ContainsKey("GB-MAN-02") ?? false);
    }

    [Fact]
    public async Task errors_csv_lists_every_rejected_row_with_formulas_neutralised()
    {
        var csv = Utf8Csv("""
            warehouse_code,sku,on_hand
            GB-FXT-01,ERR-OK,5
            GB-FXT-01,ERR-FORMULA,=1+1
            GB-FXT-01,"=HYPERLINK(""http://x"")",-3
            """);
        var status = await _client.UploadAndSettleAsync(UkOperator, "errors.csv", csv);
        Assert.Equal("completed-with-errors", status.GetProperty("status").GetString());

        using var response = await _client.SendAsync(HttpMethod.Get, status.GetProperty("errorsUrl").GetString()!, UkKey);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        Assert.Equal("""
            row,column,value,message
            3,on_hand,'=1+1,must be a whole number
            4,on_hand,'-3,must be 0 or more

            """.ReplaceLineEndings("\r\n"), Encoding.UTF8.GetString(bytes[3..]));
    }

    [Fact]
    public async Task the_same_bytes_uploaded_again_under_any_name_are_the_same_report_and_applied_once()
    {
        var csv = Utf8Csv("warehouse_code,sku,on_hand,as_of\nGB-FXT-01,TWICE-1,7,2026-11-20\n");
        using var first = await _client.UploadAsync(UkOperator, "twice.csv", csv);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var settled = await _client.SettleAsync(await StatusUrlAsync(first));

        using var again = await _client.UploadAsync(UkOperator, "twice-renamed.csv", csv);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        using var answer = JsonDocument.Parse(await again.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.True(answer.RootElement.GetProperty("duplicate").GetBoolean());
        Assert.Equal(settled.GetProperty("reportId").GetString(), answer.RootElement.GetProperty("reportId").GetString());
        Assert.Equal(await StatusUrlAsync(first), answer.RootElement.GetProperty("statusUrl").GetString());
        Assert.Equal(1, (await _client.StatusAsync(await StatusUrlAsync(first))).GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task a_gb18030_report_with_chinese_headers_is_read_and_a_newer_xlsx_snapshot_replaces_it_while_an_older_report_changes_nothing()
    {
        var gb = await _client.UploadAndSettleAsync(ZjOperator, "2026-11-25-库存.csv", SeedBytes(ZjOperator, "2026-11-25-库存.csv"), ZjKey);
        Assert.Equal("completed", gb.GetProperty("status").GetString());
        Assert.Equal(10, gb.GetProperty("rowsAccepted").GetInt64());
        var lampBefore = await _client.WaitForStockAsync("YW-LAMP-007", "US-LAX-01", gb);

        var xlsx = await _client.UploadAndSettleAsync(ZjOperator, "2026-11-26-snapshot.xlsx", SeedBytes(ZjOperator, "2026-11-26-snapshot.xlsx"), ZjKey);
        Assert.Equal("completed", xlsx.GetProperty("status").GetString());
        Assert.Equal(8, xlsx.GetProperty("rowsAccepted").GetInt64());

        var lamp = await _client.WaitForStockAsync("YW-LAMP-007", "US-LAX-01", xlsx);
        Assert.Equal(100, lamp.GetProperty("available").GetInt64());
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero), lamp.GetProperty("asOf").GetDateTimeOffset());
        Assert.NotEqual(lampBefore.GetProperty("available").GetInt64(), lamp.GetProperty("available").GetInt64());
        // A SKU the XLSX does not name keeps the GB18030 report's figures, with its Chinese description intact.
        var tea = (await _client.StockAsync("JDZ-TEA-SET"))!["US-LAX-01"];
        Assert.Equal(gb.GetProperty("reportId").GetString(), tea.GetProperty("reportId").GetString());
        Assert.Contains(tea.GetProperty("description").GetString()!, s => s >= '\u4e00' && s <= '\u9fff');

        // A late report with an older as-of: completed, yet the newer figures stand.
        // In GB18030, as this operator's profile declares.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var late = await _client.UploadAndSettleAsync(ZjOperator, "late.csv",
            Encoding.GetEncoding("gb18030").GetBytes("仓库代码,商品编码,在库数量,可用数量,盘点日期\r\nUS-LAX-01,YW-LAMP-007,1,1,2026-11-20\r\nUS-LAX-01,LATE-SENTINEL,1,1,2026-11-20\r\n"), ZjKey);
        Assert.Equal("completed", late.GetProperty("status").GetString());
        // The sentinel, new, travels in the same event as the lamp: once it shows, the lamp's line was weighed too.
        await _client.WaitForStockAsync("LATE-SENTINEL", "US-LAX-01", late);
        Assert.Equal(100, (await _client.StockAsync("YW-LAMP-007"))!["US-LAX-01"].GetProperty("available").GetInt64());
    }

    [Fact]
    public async Task a_correction_with_the_same_as_of_received_later_replaces_the_first_figures()
    {
        await _client.UploadAndSettleAsync(UkOperator, "day.csv", Utf8Csv("warehouse_code,sku,on_hand,as_of\nGB-MAN-02,CORR-1,10,2026-11-24\n"));
        var correction = await _client.UploadAndSettleAsync(UkOperator, "day-fixed.csv", Utf8Csv("warehouse_code,sku,on_hand,as_of\nGB-MAN-02,CORR-1,12,2026-11-24\n"));
        var level = await _client.WaitForStockAsync("CORR-1", "GB-MAN-02", correction);
        Assert.Equal(12, level.GetProperty("onHand").GetInt64());
        Assert.Equal(correction.GetProperty("reportId").GetString(), level.GetProperty("reportId").GetString());
    }

    [Fact]
    public async Task an_awkward_csv_with_a_bom_semicolons_quoted_newlines_blank_lines_and_trailing_delimiters_is_read()
    {
        var text = "warehouse_code;sku;on_hand;description;\r\n\r\nGB-FXT-01;AWK-1;3;\"Two\r\nlines; \"\"quoted\"\"\";\r\n\r\nGB-FXT-01;AWK-2;4;plain;\r\n";
        var status = await _client.UploadAndSettleAsync(UkOperator, "awkward.csv", [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(text)]);
        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Equal(2, status.GetProperty("rowsAccepted").GetInt64());
        Assert.Equal("Two\r\nlines; \"quoted\"", (await _client.WaitForStockAsync("AWK-1", "GB-FXT-01", status)).GetProperty("description").GetString());
    }

    [Fact]
    public async Task an_ndjson_report_is_read()
    {
        var ndjson = Encoding.UTF8.GetBytes("""
            {"warehouse_code":"GB-MAN-02","sku":"ND-1","on_hand":9,"available":8}
            {"warehouse_code":"GB-MAN-02","sku":"ND-2","on_hand":"4"}

            """);
        var status = await _client.UploadAndSettleAsync(UkOperator, "stock.ndjson", ndjson);
        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Equal(8, (await _client.WaitForStockAsync("ND-1", "GB-MAN-02", status)).GetProperty("available").GetInt64());
    }

    [Fact]
    public async Task a_warehouse_stock_list_pages_through_every_sku_once_in_sku_order()
    {
        var csv = new StringBuilder("warehouse_code,sku,on_hand\n");
        for (var i = 0; i < 250; i++) csv.Append($"GB-MAN-02,PAGE-{i:D4},{i}\n");
        var paging = await _client.UploadAndSettleAsync(UkOperator, "paging.csv", Utf8Csv(csv.ToString()));
        await _client.WaitForStockAsync("PAGE-0249", "GB-MAN-02", paging);

        var pages = 0;
        var skus = new List<string>();
        string? token = null;
        do
        {
            using var response = await _client.SendAsync(HttpMethod.Get,
                "/api/warehouses/GB-MAN-02/stock?pageSize=100" + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}"), UkKey);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            var items = doc.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sku").GetString()!).ToList();
            Assert.True(items.Count <= 100);
            skus.AddRange(items);
            token = doc.RootElement.GetProperty("continuationToken").GetString();
            pages++;
        }
        while (token is not null);

        var paged = skus.Where(s => s.StartsWith("PAGE-", StringComparison.Ordinal)).ToList();
        Assert.Equal(Enumerable.Range(0, 250).Select(i => $"PAGE-{i:D4}"), paged);
        Assert.Equal(skus.Distinct().Count(), skus.Count);
        Assert.True(pages >= 3);
    }

    [Fact]
    public async Task an_operator_key_sees_only_its_own_warehouses_and_a_reader_sees_all()
    {
        // Either report may already be superseded by a newer one another test sent: any level will do.
        await _client.UploadAndSettleAsync(UkOperator, "2026-11-25-stock.csv", SeedBytes(UkOperator, "2026-11-25-stock.csv"));
        await _client.UploadAndSettleAsync(ZjOperator, "2026-11-25-库存.csv", SeedBytes(ZjOperator, "2026-11-25-库存.csv"), ZjKey);
        foreach (var warehouse in new[] { "GB-FXT-01", "GB-MAN-02", "DE-HAM-01", "US-LAX-01" })
            await _client.WaitForAnyStockAsync("ZJ-PUMP-001", warehouse);

        Assert.Equal(["DE-HAM-01", "US-LAX-01"], (await _client.StockAsync("ZJ-PUMP-001", ZjKey))!.Keys.Order());
        Assert.Equal(["GB-FXT-01", "GB-MAN-02"], (await _client.StockAsync("ZJ-PUMP-001", UkKey))!.Keys.Order());
        Assert.Equal(["DE-HAM-01", "GB-FXT-01", "GB-MAN-02", "US-LAX-01"], (await _client.StockAsync("ZJ-PUMP-001", ReaderKey))!.Keys.Order());
    }
}
