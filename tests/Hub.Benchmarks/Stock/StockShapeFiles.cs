using System.Globalization;
using System.Text;
using System.IO.Compression;

namespace Hub.Benchmarks.Stock;

/// <summary>
/// Report shapes that once made Standalone's memory grow with the file, run by <c>stock-e2e</c> beside the snapshot: one row
/// repeated (CSV, and XLSX, where a few MB hold millions of rows), and a report in random order whose stock levels each have
/// several lots.
/// </summary>
public static class StockShapeFiles
{
    /// <summary>A warehouse of the benchmark's registry.</summary>
    public const string Warehouse = "US-LAX1";
    public const string RepeatedSku = "DUP-1";
    private const string RepeatedHeader = "warehouse_code,sku,on_hand";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>What a shape's report should end in, for the benchmark's checks.</summary>
    public sealed record Expected(string Status, long RowsAccepted, long StockLevels);

    public static Expected OfRepeated { get; } = new("completed-with-errors", 1, 1);

    public static Expected OfLots(StockSnapshotFile.Written written, int rows) => new("completed", written.Rows, LotLevels(rows));

    /// <summary><paramref name="rows"/> times the row <c>US-LAX1,DUP-1,1</c>: every row but the first is a duplicate.</summary>
    public static StockSnapshotFile.Written WriteRepeatedCsv(string path, int rows)
    {
        using (var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20))
        {
            writer.NewLine = "\n";
            writer.WriteLine(RepeatedHeader);
            var row = $"{Warehouse},{RepeatedSku},1";
            for (var i = 0; i < rows; i++) writer.WriteLine(row);
        }
        return new StockSnapshotFile.Written(new FileInfo(path).Length, rows, new Dictionary<string, string> { [Warehouse] = RepeatedSku });
    }

    /// <summary>
    /// The same three columns as an XLSX with its text in the shared string table, as Excel writes it, and no row or cell
    /// references, as some exporters write it: every row is the same bytes, so millions of rows deflate to a few MB that
    /// inflate to 60 bytes a row (9 million rows stay under the 1 GiB inflated-size cap; with references they would not).
    /// </summary>
    public static StockSnapshotFile.Written WriteRepeatedXlsx(string path, int rows)
    {
        using (var zip = new ZipArchive(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20), ZipArchiveMode.Create))
        {
            Entry(zip, "[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>
                """);
            Entry(zip, "_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """);
            Entry(zip, "xl/workbook.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Stock" sheetId="1" r:id="rId1"/></sheets></workbook>
                """);
            Entry(zip, "xl/_rels/workbook.xml.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>
                """);
            Entry(zip, "xl/sharedStrings.xml", $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{3 + 2L * rows}" uniqueCount="5"><si><t>warehouse_code</t></si><si><t>sku</t></si><si><t>on_hand</t></si><si><t>{Warehouse}</t></si><si><t>{RepeatedSku}</t></si></sst>
                """);
            using var sheet = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Optimal).Open(), new UTF8Encoding(false), 1 << 20);
            sheet.Write("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>""");
            sheet.Write("""<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
            sheet.Write("""<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c></row>""");
            for (var n = 0; n < rows; n++) sheet.Write("""<row><c t="s"><v>3</v></c><c t="s"><v>4</v></c><c><v>1</v></c></row>""");
            sheet.Write("</sheetData></worksheet>");
        }
        return new StockSnapshotFile.Written(new FileInfo(path).Length, rows, new Dictionary<string, string> { [Warehouse] = RepeatedSku });
    }

    private static void Entry(ZipArchive zip, string name, string content)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Optimal).Open(), new UTF8Encoding(false));
        writer.Write(content);
    }

    /// <summary>
    /// About <paramref name="rows"/> rows in random order for half as many stock levels: level i has 1 + i % 3 lots (two on
    /// average), spread over the registry's warehouses; no row repeats another's (warehouse, sku, lot).
    /// </summary>
    public static StockSnapshotFile.Written WriteLotsCsv(string path, int rows, int seed = StockSnapshotFile.DefaultSeed)
    {
        var levels = LotLevels(rows);
        var all = new List<(int Level, int Lot)>(rows);
        for (var level = 0; level < levels; level++)
            for (var lot = 0; lot <= level % 3; lot++) all.Add((level, lot));
        new Random(seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(all));

        var last = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20))
        {
            writer.NewLine = "\n";
            writer.WriteLine("warehouse_code,sku,on_hand,lot,expiry");
            foreach (var (level, lot) in all)
            {
                var warehouse = StockSnapshotFile.Warehouses[level % StockSnapshotFile.Warehouses.Count];
                var sku = string.Create(Inv, $"LOTS-{level:D7}");
                writer.WriteLine(string.Create(Inv, $"{warehouse},{sku},{level % 500 + lot},L{lot:D2}-{level % 97:D2},{new DateOnly(2027, 1, 1).AddDays(lot * 30):yyyy-MM-dd}"));
                // The last SKU of a warehouse in (warehouse, sku) order travels in its last batch.
                if (!last.TryGetValue(warehouse, out var highest) || string.CompareOrdinal(sku, highest) > 0) last[warehouse] = sku;
            }
        }
        return new StockSnapshotFile.Written(new FileInfo(path).Length, all.Count, last);
    }

    /// <summary>Levels with 1, 2, 3, 1, 2, 3, ... lots: two per level on average, so half as many levels as rows.</summary>
    public static int LotLevels(int rows) => rows / 2;
}
