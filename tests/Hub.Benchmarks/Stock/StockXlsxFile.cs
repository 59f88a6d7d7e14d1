using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Hub.Benchmarks.Stock;

/// <summary>
/// The snapshot's rows (<see cref="StockSnapshotFile.Generate"/>, unique keys) as a one-sheet XLSX, written with the OpenXml
/// SDK's SAX writer: quantities as number cells, the rest as text, empty cells left out, every cell with its reference.
/// </summary>
public static class StockXlsxFile
{
    /// <param name="sharedStrings">
    /// True: text in the shared string table, as Excel writes it (the table then holds every distinct SKU of the file);
    /// false: inline strings, as some exporters write them.
    /// </param>
    public static long Write(string path, int rows, bool sharedStrings)
    {
        var inv = CultureInfo.InvariantCulture;
        var strings = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        long stringCells = 0;
        using (var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            var sheetPart = workbookPart.AddNewPart<WorksheetPart>();
            using (var writer = OpenXmlWriter.Create(sheetPart))
            {
                writer.WriteStartElement(new Worksheet());
                writer.WriteStartElement(new SheetData());
                var references = Enumerable.Range(0, StockSnapshotFile.Columns.Count).Select(c => ((char)('A' + c)).ToString()).ToArray();

                void Text(int column, int row, string value)
                {
                    if (value.Length == 0) return;
                    var reference = references[column] + row.ToString(inv);
                    stringCells++;
                    if (sharedStrings)
                    {
                        if (!strings.TryGetValue(value, out var index))
                        {
                            index = order.Count;
                            strings[value] = index;
                            order.Add(value);
                        }
                        writer.WriteStartElement(new Cell(), [new OpenXmlAttribute("r", "", reference), new OpenXmlAttribute("t", "", "s")]);
                        writer.WriteElement(new CellValue(index.ToString(inv)));
                    }
                    else
                    {
                        writer.WriteStartElement(new Cell(), [new OpenXmlAttribute("r", "", reference), new OpenXmlAttribute("t", "", "inlineStr")]);
                        writer.WriteElement(new InlineString(new Text(value)));
                    }
                    writer.WriteEndElement();
                }

                void Number(int column, int row, string value)
                {
                    if (value.Length == 0) return;
                    writer.WriteStartElement(new Cell(), [new OpenXmlAttribute("r", "", references[column] + row.ToString(inv))]);
                    writer.WriteElement(new CellValue(value));
                    writer.WriteEndElement();
                }

                writer.WriteStartElement(new Row(), [new OpenXmlAttribute("r", "", "1")]);
                for (var c = 0; c < StockSnapshotFile.Columns.Count; c++) Text(c, 1, StockSnapshotFile.Columns[c]);
                writer.WriteEndElement();

                var n = 1;
                foreach (var r in StockSnapshotFile.Generate(rows, uniqueKeys: true))
                {
                    n++;
                    writer.WriteStartElement(new Row(), [new OpenXmlAttribute("r", "", n.ToString(inv))]);
                    Text(0, n, r.Warehouse);
                    Text(1, n, r.Sku);
                    Number(2, n, r.OnHand.ToString(inv));
                    Number(3, n, r.Available.ToString(inv));
                    Number(4, n, r.Reserved.ToString(inv));
                    Number(5, n, r.Unsellable.ToString(inv));
                    Number(6, n, r.Inbound);
                    Text(7, n, r.Lot);
                    Text(8, n, r.Expiry);
                    Text(9, n, r.Description);
                    Text(10, n, r.Unit);
                    Text(11, n, r.AsOf);
                    writer.WriteEndElement();
                }
                writer.WriteEndElement();
                writer.WriteEndElement();
            }

            if (sharedStrings)
            {
                var tablePart = workbookPart.AddNewPart<SharedStringTablePart>();
                using var writer = OpenXmlWriter.Create(tablePart);
                writer.WriteStartElement(new SharedStringTable(),
                    [new OpenXmlAttribute("count", "", stringCells.ToString(inv)), new OpenXmlAttribute("uniqueCount", "", order.Count.ToString(inv))]);
                foreach (var text in order) writer.WriteElement(new SharedStringItem(new Text(text)));
                writer.WriteEndElement();
            }

            workbookPart.Workbook = new Workbook(new Sheets(new Sheet { Id = workbookPart.GetIdOfPart(sheetPart), SheetId = 1, Name = "Stock" }));
            workbookPart.Workbook.Save();
        }
        return new FileInfo(path).Length;
    }
}
