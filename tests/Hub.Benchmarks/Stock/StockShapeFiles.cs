using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

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

    /// <summary>The same as an XLSX with shared strings, as Excel writes it: the compressed sheet stays a few MB for millions of rows.</summary>
    public static StockSnapshotFile.Written WriteRepeatedXlsx(string path, int rows)
    {
        string[] strings = [.. RepeatedHeader.Split(','), Warehouse, RepeatedSku];
        using (var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            var sheetPart = workbookPart.AddNewPart<WorksheetPart>();
            using (var writer = OpenXmlWriter.Create(sheetPart))
            {
                writer.WriteStartElement(new Worksheet());
                writer.WriteStartElement(new SheetData());
                void Cell(string reference, int? sharedString, string? number)
                {
                    writer.WriteStartElement(new Cell(), sharedString is null
                        ? [new OpenXmlAttribute("r", "", reference)]
                        : [new OpenXmlAttribute("r", "", reference), new OpenXmlAttribute("t", "", "s")]);
                    writer.WriteElement(new CellValue(sharedString?.ToString(Inv) ?? number!));
                    writer.WriteEndElement();
                }

                for (var n = 1; n <= rows + 1; n++)
                {
                    var r = n.ToString(Inv);
                    writer.WriteStartElement(new Row(), [new OpenXmlAttribute("r", "", r)]);
                    if (n == 1)
                    {
                        for (var c = 0; c < 3; c++) Cell(((char)('A' + c)) + r, c, null);
                    }
                    else
                    {
                        Cell("A" + r, 3, null);
                        Cell("B" + r, 4, null);
                        Cell("C" + r, null, "1");
                    }
                    writer.WriteEndElement();
                }
                writer.WriteEndElement();
                writer.WriteEndElement();
            }

            var tablePart = workbookPart.AddNewPart<SharedStringTablePart>();
            using (var writer = OpenXmlWriter.Create(tablePart))
            {
                writer.WriteStartElement(new SharedStringTable(),
                    [new OpenXmlAttribute("count", "", (3 + 2L * rows).ToString(Inv)), new OpenXmlAttribute("uniqueCount", "", strings.Length.ToString(Inv))]);
                foreach (var text in strings) writer.WriteElement(new SharedStringItem(new Text(text)));
                writer.WriteEndElement();
            }

            workbookPart.Workbook = new Workbook(new Sheets(new Sheet { Id = workbookPart.GetIdOfPart(sheetPart), SheetId = 1, Name = "Stock" }));
            workbookPart.Workbook.Save();
        }
        return new StockSnapshotFile.Written(new FileInfo(path).Length, rows, new Dictionary<string, string> { [Warehouse] = RepeatedSku });
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
