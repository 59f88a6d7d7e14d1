using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Hub.StockReports.Parsing;

namespace Hub.StockReports.Tests.Xlsx;

[CollectionDefinition(nameof(MemoryMeasurements), DisableParallelization = true)]
public sealed class MemoryMeasurements;

[Collection(nameof(MemoryMeasurements))]
public sealed class when_a_large_xlsx_is_read
{
    private const int DataRows = 200_000;

    [Fact]
    public void two_hundred_thousand_rows_are_read_with_flat_memory()
    {
        using var file = new FileStream(Path.Combine(Path.GetTempPath(), $"hub-large-{Guid.NewGuid():N}.xlsx"),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81_920, FileOptions.DeleteOnClose);
        WriteWorkbook(file, DataRows);
        file.Position = 0;
        var beforeOpening = GC.GetTotalMemory(forceFullCollection: true);

        using var reader = XlsxTabularReader.Open(file, new TabularReaderOptions());
        Assert.Equal(["warehouse_code", "sku", "on_hand", "expiry"], reader.Header);

        var rows = 0;
        TabularRow last = default;
        while (rows < 1_000 && reader.TryReadRow(out var row))
        {
            (rows, last) = (rows + 1, row);
        }

        var afterFirstRows = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        while (reader.TryReadRow(out var row))
        {
            (rows, last) = (rows + 1, row);
        }

        var allocatedPerRow = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (DataRows - 1_000);
        var growth = GC.GetTotalMemory(forceFullCollection: true) - afterFirstRows;

        Assert.Equal(DataRows, rows);
        Assert.Equal(DataRows + 1, last.RowNumber);
        Assert.Equal(["LAX-1", $"SKU-{DataRows + 1:D6}", ((DataRows + 1) % 1000).ToString(CultureInfo.InvariantCulture), "2026-03-31"], last.Cells);
        Assert.True(afterFirstRows - beforeOpening < 16 * 1024 * 1024, $"the open reader holds {afterFirstRows - beforeOpening:N0} bytes");
        Assert.True(growth < 8 * 1024 * 1024, $"memory grew by {growth:N0} bytes over {DataRows:N0} rows");
        Assert.True(allocatedPerRow < 32 * 1024, $"{allocatedPerRow:N0} bytes allocated per row");
    }

    /// <summary>Written with the SDK's SAX writer so that making the workbook is fast and small too.</summary>
    private static void WriteWorkbook(Stream target, int dataRows)
    {
        using var document = SpreadsheetDocument.Create(target, SpreadsheetDocumentType.Workbook);
        var workbookPart = document.AddWorkbookPart();
        var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = new Stylesheet(new CellFormats(new CellFormat { NumberFormatId = 0 }, new CellFormat { NumberFormatId = 14 }));

        var worksheetPart = workbookPart.AddNewPart<WorksheetPart>();
        using (var writer = OpenXmlWriter.Create(worksheetPart))
        {
            writer.WriteStartElement(new Worksheet());
            writer.WriteStartElement(new SheetData());
            writer.WriteStartElement(new Row { RowIndex = 1 });
            foreach (var (column, name) in new[] { ("A", "warehouse_code"), ("B", "sku"), ("C", "on_hand"), ("D", "expiry") })
            {
                writer.WriteElement(new Cell { CellReference = column + "1", DataType = CellValues.InlineString, InlineString = new InlineString(new Text(name)) });
            }

            writer.WriteEndElement();
            for (var r = 2; r <= dataRows + 1; r++)
            {
                var number = r.ToString(CultureInfo.InvariantCulture);
                writer.WriteStartElement(new Row { RowIndex = (uint)r });
                writer.WriteElement(new Cell { CellReference = "A" + number, DataType = CellValues.InlineString, InlineString = new InlineString(new Text("LAX-1")) });
                writer.WriteElement(new Cell { CellReference = "B" + number, DataType = CellValues.InlineString, InlineString = new InlineString(new Text($"SKU-{r:D6}")) });
                writer.WriteElement(new Cell { CellReference = "C" + number, CellValue = new CellValue((r % 1000).ToString(CultureInfo.InvariantCulture)) });
                writer.WriteElement(new Cell { CellReference = "D" + number, StyleIndex = 1, CellValue = new CellValue("46112") });
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        workbookPart.Workbook = new Workbook(new Sheets(new Sheet { Name = "Stock", SheetId = 1, Id = workbookPart.GetIdOfPart(worksheetPart) }));
    }
}
