using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Hub.StockReports.Parsing;

namespace Hub.StockReports.Tests.Xlsx;

/// <summary>Builds small workbooks with the OpenXml SDK's DOM, cell by cell, the way spreadsheet programs store them.</summary>
internal sealed class TestWorkbook
{
    private readonly List<string> _sharedStrings = [];
    private readonly List<string> _customFormats = [];
    private readonly List<uint> _numberFormatByStyle = [0];
    private readonly List<(string Name, bool Hidden, Row[] Rows)> _sheets = [];

    public bool Date1904 { get; init; }

    public TestWorkbook Sheet(string name, params Row[] rows) => AddSheet(name, hidden: false, rows);

    public TestWorkbook HiddenSheet(string name, params Row[] rows) => AddSheet(name, hidden: true, rows);

    /// <summary>A cell style showing numbers in a built-in format (14 is the short date).</summary>
    public uint Style(uint builtInFormatId)
    {
        _numberFormatByStyle.Add(builtInFormatId);
        return (uint)(_numberFormatByStyle.Count - 1);
    }

    /// <summary>A cell style showing numbers in a custom format such as <c>yyyy/mm/dd</c>.</summary>
    public uint Style(string formatCode)
    {
        _customFormats.Add(formatCode);
        return Style((uint)(163 + _customFormats.Count));
    }

    public static Row Row(uint number, params Cell[] cells) => new(cells) { RowIndex = number };

    /// <summary>A text cell through the shared string table, as Excel writes text.</summary>
    public Cell Text(string reference, string text)
    {
        _sharedStrings.Add(text);
        return new Cell
        {
            CellReference = reference,
            DataType = CellValues.SharedString,
            CellValue = new CellValue((_sharedStrings.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
    }

    public static Cell Inline(string reference, string text) => new()
    {
        CellReference = reference,
        DataType = CellValues.InlineString,
        InlineString = new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }),
    };

    public static Cell Number(string reference, string stored, uint? style = null) => new()
    {
        CellReference = reference,
        CellValue = new CellValue(stored),
        StyleIndex = style is { } index ? index : null,
    };

    public static Cell Boolean(string reference, bool value) => new()
    {
        CellReference = reference,
        DataType = CellValues.Boolean,
        CellValue = new CellValue(value ? "1" : "0"),
    };

    public static Cell Formula(string reference, string formula, string? cached, CellValues? type = null) => new()
    {
        CellReference = reference,
        DataType = type is { } dataType ? dataType : null,
        CellFormula = new CellFormula(formula),
        CellValue = cached is null ? null : new CellValue(cached),
    };

    public static Cell Error(string reference, string error) => new()
    {
        CellReference = reference,
        DataType = CellValues.Error,
        CellValue = new CellValue(error),
    };

    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();

            var sharedStrings = workbookPart.AddNewPart<SharedStringTablePart>();
            sharedStrings.SharedStringTable = new SharedStringTable(
                _sharedStrings.Select(s => new SharedStringItem(new Text(s) { Space = SpaceProcessingModeValues.Preserve })));

            var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new NumberingFormats(_customFormats.Select((code, i) => new NumberingFormat { NumberFormatId = (uint)(164 + i), FormatCode = code })),
                new Fonts(new Font()),
                new Fills(new Fill(new PatternFill { PatternType = PatternValues.None })),
                new Borders(new Border()),
                new CellFormats(_numberFormatByStyle.Select(id => new CellFormat { NumberFormatId = id, ApplyNumberFormat = id != 0 })));

            var sheets = new Sheets();
            foreach (var (name, hidden, rows) in _sheets)
            {
                var worksheetPart = workbookPart.AddNewPart<WorksheetPart>();
                worksheetPart.Worksheet = new Worksheet(new SheetData(rows.Select(r => (Row)r.CloneNode(true))));
                sheets.Append(new Sheet
                {
                    Name = name,
                    SheetId = (uint)(sheets.ChildElements.Count + 1),
                    Id = workbookPart.GetIdOfPart(worksheetPart),
                    State = hidden ? SheetStateValues.Hidden : null,
                });
            }

            workbookPart.Workbook = new Workbook(new WorkbookProperties { Date1904 = Date1904 ? true : null }, sheets);
        }

        return stream.ToArray();
    }

    public XlsxTabularReader Open(TabularReaderOptions? options = null) =>
        XlsxTabularReader.Open(new MemoryStream(ToBytes()), options ?? new TabularReaderOptions());

    public static List<TabularRow> ReadAll(ITabularReader reader)
    {
        var rows = new List<TabularRow>();
        while (reader.TryReadRow(out var row))
        {
            rows.Add(row);
        }

        return rows;
    }

    private TestWorkbook AddSheet(string name, bool hidden, Row[] rows)
    {
        _sheets.Add((name, hidden, rows));
        return this;
    }
}
