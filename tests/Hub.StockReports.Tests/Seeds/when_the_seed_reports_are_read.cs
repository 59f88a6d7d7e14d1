using System.Security.Cryptography;
using System.Text;
using Hub.Core.Registry;
using Hub.StockReports.Parsing;
using Hub.StockReports.Rows;
using Hub.Testing;

namespace Hub.StockReports.Tests.Seeds;

/// <summary>
/// The sample stock reports in <c>seeds/stock-reports/&lt;operatorId&gt;/</c>, read the way the hub reads an upload:
/// the operator from the real <c>seeds/registry.json</c>, its reader options, header mapping, row validation and snapshot.
/// </summary>
public sealed class when_the_seed_reports_are_read
{
    private const string UkFulfil = "uk-fulfil";
    private const string ZjHaiwaicang = "zj-haiwaicang";
    private const string EnglishReport = "2026-11-25-stock.csv";
    private const string Gb18030Report = "2026-11-25-库存.csv";
    private const string XlsxReport = "2026-11-26-snapshot.xlsx";

    private static readonly HubRegistry Registry = RegistryLoader.Load(RepositoryPaths.SeedRegistry);

    static when_the_seed_reports_are_read() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public void the_seed_registry_loads_both_operators_and_a_sample_key_for_each()
    {
        var uk = OperatorOf(UkFulfil);
        var zj = OperatorOf(ZjHaiwaicang);

        Assert.Equal(["GB-FXT-01", "GB-MAN-02"], uk.Warehouses);
        Assert.Equal(["Qty OH"], uk.ColumnAliases["on_hand"]);
        Assert.Equal(["Free Stock"], uk.ColumnAliases["available"]);
        Assert.Equal(new Dictionary<string, long> { ["*"] = 20, ["ZJ-PUMP-001"] = 50 }, uk.LowStockThresholds);
        Assert.Null(uk.Delimiter);
        Assert.Null(uk.Encoding);

        Assert.Equal("浙江海外仓示例 (sample)", zj.Name);
        Assert.Equal(["DE-HAM-01", "US-LAX-01"], zj.Warehouses);
        Assert.Equal("gb18030", zj.Encoding);
        Assert.Equal(["次品数量"], zj.ColumnAliases["unsellable"]);
        Assert.Equal(new Dictionary<string, long> { ["*"] = 10 }, zj.LowStockThresholds);

        foreach (var id in new[] { UkFulfil, ZjHaiwaicang })
        {
            var key = Assert.Single(Registry.ApiKeys, k => k.Scope == $"operator:{id}");
            Assert.True(key.Sample);
            Assert.Equal(Sha256Hex($"sample-{id}-key"), key.Sha256);
        }
    }

    [Fact]
    public void every_seed_report_belongs_to_a_registered_operator_and_has_an_accepted_extension()
    {
        var folders = Directory.GetDirectories(Path.Combine(RepositoryPaths.Seeds, "stock-reports"));

        Assert.Contains(Path.Combine(RepositoryPaths.Seeds, "stock-reports", UkFulfil), folders);
        Assert.Contains(Path.Combine(RepositoryPaths.Seeds, "stock-reports", ZjHaiwaicang), folders);
        foreach (var folder in folders)
        {
            Assert.NotNull(Registry.FindOperator(Path.GetFileName(folder)!));
            Assert.All(Directory.GetFiles(folder), f =>
                Assert.Contains(Path.GetExtension(f).ToLowerInvariant(), TabularReaders.AcceptedExtensions));
        }
    }

    [Fact]
    public void the_english_report_rejects_exactly_its_four_deliberate_bad_rows()
    {
        var report = Read(UkFulfil, EnglishReport);

        Assert.Collection(
            report.Errors.OrderBy(e => e.Row),
            e => AssertError(e, 8, "on_hand", "-5", "must be 0 or more"),
            e => AssertError(e, 9, "available", "12a", "must be a whole number"),
            e => AssertError(e, 11, "warehouse_code", "DE-HAM-01",
                "is not a warehouse of operator 'uk-fulfil', whose warehouses are GB-FXT-01, GB-MAN-02"),
            e => AssertError(e, 12, "sku", "WZ-BOOT-3942", "duplicate of row 6"));
        Assert.Equal([2L, 3, 4, 5, 6, 7, 10, 13, 14], report.Lines.Select(l => l.Row));
    }

    [Fact]
    public void the_english_report_maps_the_operator_aliases_and_keeps_awkwardly_quoted_descriptions()
    {
        var report = Read(UkFulfil, EnglishReport);

        Assert.Equal(2, report.Map.Columns["on_hand"]);
        Assert.Equal(3, report.Map.Columns["available"]);
        Assert.Equal(12, report.Map.Columns.Count);
        Assert.Equal("Ball valve DN25, brass", Item(report, "GB-FXT-01", "HZ-VALVE-220").Description);
        Assert.Equal("Cotton tote bag, \"Eco\" print", Item(report, "GB-FXT-01", "NB-TOTE-042").Description);
        Assert.Equal("Hose clamp 1/2\", stainless", Item(report, "GB-MAN-02", "HZ-CLAMP-050").Description);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 6, 0, 0, TimeSpan.Zero), Item(report, "GB-MAN-02", "HZ-CLAMP-050").AsOf);
    }

    [Fact]
    public void the_two_lots_of_the_pump_at_felixstowe_are_summed_and_kept()
    {
        var report = Read(UkFulfil, EnglishReport);

        var pump = Item(report, "GB-FXT-01", "ZJ-PUMP-001");

        Assert.Equal((55L, (long?)42L, (long?)11L, (long?)2L, (long?)40L), (pump.OnHand, pump.Available, pump.Reserved, pump.Unsellable, pump.Inbound));
        Assert.Equal(
            [
                new StockLot(2, "P2609-A", 30, 20, 8, 2, null, new DateOnly(2031, 9, 30)),
                new StockLot(3, "P2611-B", 25, 22, 3, 0, 40, new DateOnly(2031, 11, 30)),
            ],
            pump.Lots);
        Assert.Equal(8, report.Items.Count);
    }

    [Fact]
    public void only_the_felixstowe_pump_is_below_its_low_stock_threshold()
    {
        var report = Read(UkFulfil, EnglishReport);

        Assert.Equal([("GB-FXT-01", "ZJ-PUMP-001", 42L)], LowStock(report, OperatorOf(UkFulfil)));
        Assert.Equal(80, Item(report, "GB-MAN-02", "ZJ-PUMP-001").Available);
    }

    [Fact]
    public void the_gb18030_report_is_gb18030_with_crlf_and_no_byte_order_mark()
    {
        var bytes = File.ReadAllBytes(SeedPath(ZjHaiwaicang, Gb18030Report));
        var strictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        Assert.Throws<DecoderFallbackException>(() => strictUtf8.GetString(bytes));
        Assert.False(bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]));
        var text = Encoding.GetEncoding("gb18030").GetString(bytes);
        Assert.StartsWith("仓库代码,商品编码,在库数量,", text, StringComparison.Ordinal);
        Assert.Equal(11, text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain("\n", text.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void the_gb18030_report_reads_without_errors_and_with_its_chinese_descriptions()
    {
        var report = Read(ZjHaiwaicang, Gb18030Report);

        Assert.Empty(report.Errors);
        Assert.Equal(10, report.Lines.Count);
        Assert.Equal(9, report.Items.Count);
        Assert.Equal("商品名称", report.Map.Header[report.Map.Columns["description"]]);
        Assert.Equal("离心水泵 0.75千瓦", Item(report, "DE-HAM-01", "ZJ-PUMP-001").Description);
        Assert.Equal("棉质帆布袋（环保印花）", Item(report, "DE-HAM-01", "NB-TOTE-042").Description);
        Assert.Equal("景德镇陶瓷茶具套装", Item(report, "US-LAX-01", "JDZ-TEA-SET").Description);
        Assert.Equal("套", Item(report, "US-LAX-01", "JDZ-TEA-SET").Unit);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), Item(report, "US-LAX-01", "YW-CUP-500").AsOf);
        Assert.Equal(["P2609-A", "P2611-B"], Item(report, "DE-HAM-01", "ZJ-PUMP-001").Lots.Select(l => l.Lot));
        Assert.Equal(new DateOnly(2028, 4, 30), Assert.Single(Item(report, "US-LAX-01", "ZJ-FILTER-010").Lots).Expiry);
        Assert.Equal([("US-LAX-01", "YW-LAMP-007", 6L)], LowStock(report, OperatorOf(ZjHaiwaicang)));
    }

    [Fact]
    public void the_gb18030_report_is_detected_as_gb18030_even_without_the_declared_encoding()
    {
        var declared = Read(ZjHaiwaicang, Gb18030Report);
        var detected = Read(ZjHaiwaicang, Gb18030Report, new TabularReaderOptions());

        Assert.Empty(detected.Errors);
        Assert.Equal(declared.Lines, detected.Lines);
        Assert.Equal("真皮工作靴 42码", Item(detected, "DE-HAM-01", "WZ-BOOT-3942").Description);
    }

    [Fact]
    public void the_xlsx_snapshot_made_by_libreoffice_reads_without_errors_and_with_its_dates()
    {
        Assert.True(new FileInfo(SeedPath(ZjHaiwaicang, XlsxReport)).Length < 20 * 1024);

        var report = Read(ZjHaiwaicang, XlsxReport);

        Assert.Empty(report.Errors);
        Assert.Equal([2L, 3, 4, 5, 6, 7, 8, 9], report.Lines.Select(l => l.Row));
        Assert.Equal(7, report.Items.Count);
        Assert.Equal("次品数量", report.Map.Header[report.Map.Columns["unsellable"]]);
        var pump = Item(report, "DE-HAM-01", "ZJ-PUMP-001");
        Assert.Equal((200L, (long?)180L, (long?)5L), (pump.OnHand, pump.Available, pump.Unsellable));
        Assert.Equal("离心水泵 0.75千瓦", pump.Description);
        Assert.Equal(new DateOnly(2031, 9, 30), pump.Lots[0].Expiry);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero), pump.AsOf);
        Assert.All(report.Lines, l => Assert.Equal(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero), l.AsOf));
        Assert.Empty(LowStock(report, OperatorOf(ZjHaiwaicang)));
    }

    [Fact]
    public void the_xlsx_snapshot_is_newer_than_the_gb18030_report_for_every_pair_it_repeats()
    {
        var older = Read(ZjHaiwaicang, Gb18030Report).Items.ToDictionary(i => (i.Warehouse, i.Sku));
        var newer = Read(ZjHaiwaicang, XlsxReport).Items;

        Assert.All(newer, n => Assert.True(n.AsOf > older[(n.Warehouse, n.Sku)].AsOf, $"{n.Warehouse} {n.Sku}"));
        Assert.Equal(
            [("DE-HAM-01", "NB-TOTE-042"), ("US-LAX-01", "JDZ-TEA-SET")],
            older.Keys.Except(newer.Select(n => (n.Warehouse, n.Sku))));
    }

    private sealed record SeedReport(StockHeaderMap Map, IReadOnlyList<StockLine> Lines, IReadOnlyList<RowError> Errors, IReadOnlyList<StockItem> Items);

    private static SeedReport Read(string operatorId, string fileName, TabularReaderOptions? options = null)
    {
        var op = OperatorOf(operatorId);
        using var file = File.OpenRead(SeedPath(operatorId, fileName));
        using var reader = TabularReaders.Open(file, fileName, options ?? OptionsOf(op));
        var mapping = StockHeaderMapper.Map(reader.Header, op);
        if (mapping is StockHeaderMapping.Rejected rejected)
        {
            Assert.Fail($"{operatorId}/{fileName}: {rejected.Reason}");
        }

        var map = ((StockHeaderMapping.Mapped)mapping).Map;
        var validator = new StockRowValidator(map, op);
        var builder = new StockSnapshotBuilder();
        var lines = new List<StockLine>();
        var errors = new List<RowError>();
        while (reader.TryReadRow(out var row))
        {
            switch (validator.Validate(row))
            {
                case StockRowResult.Valid valid when builder.Add(valid.Line) is { } error:
                    errors.Add(error);
                    break;
                case StockRowResult.Valid valid:
                    lines.Add(valid.Line);
                    break;
                case StockRowResult.Invalid invalid:
                    errors.AddRange(invalid.Errors);
                    break;
            }
        }

        return new SeedReport(map, lines, errors, builder.Build());
    }

    private static TabularReaderOptions OptionsOf(OperatorRegistration op) => new()
    {
        Delimiter = op.Delimiter switch
        {
            null => null,
            "\\t" => '\t',
            var d => d[0],
        },
        Encoding = op.Encoding,
        SheetName = op.SheetName,
    };

    private static OperatorRegistration OperatorOf(string operatorId) =>
        Registry.FindOperator(operatorId) ?? throw new InvalidOperationException($"seeds/registry.json has no operator '{operatorId}'.");

    private static string SeedPath(string operatorId, string fileName) =>
        Path.Combine(RepositoryPaths.Seeds, "stock-reports", operatorId, fileName);

    private static StockItem Item(SeedReport report, string warehouse, string sku) =>
        Assert.Single(report.Items, i => i.Warehouse == warehouse && i.Sku == sku);

    /// <summary>The items whose available quantity is below the operator's threshold for the SKU, or its <c>*</c> default.</summary>
    private static IReadOnlyList<(string Warehouse, string Sku, long Available)> LowStock(SeedReport report, OperatorRegistration op) =>
        report.Items
            .Where(i => i.Available is { } available
                && available < (op.LowStockThresholds.TryGetValue(i.Sku, out var own) ? own : op.LowStockThresholds["*"]))
            .Select(i => (i.Warehouse, i.Sku, i.Available!.Value))
            .ToList();

    private static void AssertError(RowError error, long row, string column, string value, string message)
    {
        Assert.Equal((row, column, value), (error.Row, error.Column, error.Value));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static string Sha256Hex(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
