using System.Globalization;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Hub.StockReports.Parsing;

/// <summary>
/// Reads one worksheet of an XLSX workbook forward: the OpenXml SDK opens the package and finds the parts, and the sheet
/// and the shared strings are read with a plain <see cref="XmlReader"/>, which unlike the SDK's element-typed reader
/// creates no object per element (it read a 200,000-row sheet about twice as fast). Memory stays flat however many rows
/// the sheet has and whatever its cells hold: a cell's text is read in chunks and cut one character beyond
/// <see cref="TabularLimits.MaxCellLength"/> (inline strings, values, formulas' cached values and shared strings alike),
/// cells right of the header are passed over unread, a row may hold <see cref="TabularLimits.MaxRowLength"/> characters, and
/// the shared strings table is bounded (<see cref="XlsxSharedStrings"/>). The header may stand below title rows (<see cref="TabularReaderOptions.RateHeader"/>).
/// The caller keeps ownership of the stream it passes to <see cref="Open"/>.
/// </summary>
public sealed class XlsxTabularReader : ITabularReader
{
    private readonly FileStream? _spool;
    private readonly SpreadsheetDocument _document;
    private readonly XmlReader _sheet;
    private readonly string _sheetName;
    private readonly XlsxSharedStrings _sharedStrings;
    private readonly XlsxDateKind[] _dateKindByStyle;
    private readonly bool _date1904;
    private readonly List<(int Column, string Value)> _cells = [];

    private bool _sheetDone;
    private string? _sheetNamespace;
    private bool _disposed;
    private long _rowNumber;
    private int _lastColumn;
    private int _cellColumn;
    private string? _cellType;
    private int _cellStyle;
    private string? _cellValue;
    private string? _cellInlineText;

    // Where the reader is inside a cell: capturing the text of its value (v) or of its inline string (is/t, not rPh).
    private Capture _capture;
    private bool _inInline;
    private bool _inPhonetic;
    // The text captured so far, cut at one character beyond a cell's limit; the rest of a text node is passed over unread.
    private readonly char[] _text = new char[TabularLimits.MaxCellLength + 1];
    private int _textLength;
    private bool _skipCell;
    private long _rowChars;

    private enum Capture { None, Value, InlineText }

    private XlsxTabularReader(
        FileStream? spool, SpreadsheetDocument document, XmlReader sheet, string sheetName,
        XlsxSharedStrings sharedStrings, XlsxDateKind[] dateKindByStyle, bool date1904)
    {
        _spool = spool;
        _document = document;
        _sheet = sheet;
        _sheetName = sheetName;
        _sharedStrings = sharedStrings;
        _dateKindByStyle = dateKindByStyle;
        _date1904 = date1904;
        Header = [];
    }

    public IReadOnlyList<string> Header { get; private set; }

    public static XlsxTabularReader Open(Stream content, TabularReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);

        FileStream? spool = null;
        SpreadsheetDocument? document = null;
        XmlReader? sheet = null;
        try
        {
            var seekable = content;
            if (!content.CanSeek || content.Position != 0)
            {
                spool = SpoolToTemporaryFile(content, options.WorkPath);
                seekable = spool;
            }

            XlsxPackageGuard.Inspect(seekable, options.MaxUncompressedBytes);
            document = OpenDocument(seekable, options.MaxUncompressedBytes);

            var workbookPart = document.WorkbookPart!;
            var (sheetName, worksheetPart, date1904) = ChooseSheet(workbookPart, options.SheetName);
            var sharedStrings = ReadSharedStrings(workbookPart.SharedStringTablePart);
            var dateKinds = ReadDateKindByStyle(workbookPart.WorkbookStylesPart);
            sheet = CreateXmlReader(worksheetPart);

            var reader = new XlsxTabularReader(spool, document, sheet, sheetName, sharedStrings, dateKinds, date1904);
            (spool, document, sheet) = (null, null, null);
            try
            {
                reader.Header = reader.ReadHeader(options.RateHeader);
            }
            catch
            {
                reader.Dispose();
                throw;
            }

            return reader;
        }
        catch (Exception ex) when (IsCorruption(ex))
        {
            sheet?.Dispose();
            document?.Dispose();
            spool?.Dispose();
            throw new UnreadableReportException("the XLSX file is truncated or corrupt", ex);
        }
        catch
        {
            sheet?.Dispose();
            document?.Dispose();
            spool?.Dispose();
            throw;
        }
    }

    public bool TryReadRow(out TabularRow row)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);

        while (ReadSheetRow())
        {
            if (_cells.TrueForAll(static cell => string.IsNullOrWhiteSpace(cell.Value)))
            {
                continue;
            }

            var cells = new string?[Header.Count];
            foreach (var (column, value) in _cells)
            {
                if (column < cells.Length)
                {
                    cells[column] = value;
                }
            }

            row = new TabularRow(_rowNumber, cells);
            return true;
        }

        row = default;
        return false;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _sheet.Dispose();
        _document.Dispose();
        _spool?.Dispose();
    }

    private static FileStream SpoolToTemporaryFile(Stream content, string? folder)
    {
        var path = Path.Combine(folder ?? Path.GetTempPath(), $"hub-xlsx-{Guid.NewGuid():N}.tmp");
        var spool = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81_920, FileOptions.DeleteOnClose);
        try
        {
            content.CopyTo(spool);
            spool.Position = 0;
            return spool;
        }
        catch
        {
            spool.Dispose();
            throw;
        }
    }

    private static SpreadsheetDocument OpenDocument(Stream seekable, long maxUncompressedBytes)
    {
        SpreadsheetDocument document;
        try
        {
            document = SpreadsheetDocument.Open(seekable, isEditable: false, new OpenSettings
            {
                // Only the parts the SDK loads whole (workbook, styles) are bounded by this; the sheet and shared strings are streamed.
                MaxCharactersInPart = Math.Clamp(maxUncompressedBytes, 1, XlsxPackageGuard.MaxWholePartBytes),
            });
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or FileFormatException)
        {
            throw new UnreadableReportException("the file is a zip archive but not an XLSX workbook", ex);
        }

        if (document.WorkbookPart is null)
        {
            document.Dispose();
            throw new UnreadableReportException("the file is a zip archive but not an XLSX workbook: it has no workbook part");
        }

        return document;
    }

    private static (string Name, WorksheetPart Part, bool Date1904) ChooseSheet(WorkbookPart workbookPart, string? wanted)
    {
        var workbook = workbookPart.Workbook;
        var sheets = workbook.Sheets?.Elements<Sheet>().ToList() ?? [];
        var date1904 = workbook.WorkbookProperties?.Date1904?.Value == true;

        Sheet? chosen;
        if (wanted is not null)
        {
            chosen = sheets.Find(s => string.Equals(s.Name?.Value, wanted, StringComparison.Ordinal))
                ?? sheets.Find(s => string.Equals(s.Name?.Value, wanted, StringComparison.OrdinalIgnoreCase));
            if (chosen is null)
            {
                throw new UnreadableReportException(
                    $"the workbook has no sheet named '{wanted}'; its sheets are {string.Join(", ", sheets.Select(s => $"'{s.Name?.Value}'"))}");
            }
        }
        else
        {
            // What a person opening the file sees first: hidden sheets and chart sheets are passed over.
            chosen = sheets.Find(s => IsVisible(s) && PartOf(workbookPart, s) is WorksheetPart)
                ?? sheets.Find(s => PartOf(workbookPart, s) is WorksheetPart);
            if (chosen is null)
            {
                throw new UnreadableReportException("the workbook has no worksheet");
            }
        }

        var name = chosen.Name?.Value ?? "";
        return PartOf(workbookPart, chosen) switch
        {
            WorksheetPart part => (name, part, date1904),
            null => throw new UnreadableReportException($"the XLSX file is truncated or corrupt: the part of sheet '{name}' is missing"),
            _ => throw new UnreadableReportException($"the sheet '{name}' is a chart or dialog sheet, not a table"),
        };
    }

    private static bool IsVisible(Sheet sheet) => sheet.State is null || sheet.State.Value == SheetStateValues.Visible;

    private static OpenXmlPart? PartOf(WorkbookPart workbookPart, Sheet sheet) =>
        sheet.Id?.Value is { } id && workbookPart.TryGetPartById(id, out var part) ? part : null;

    private static XmlReader CreateXmlReader(OpenXmlPart part) =>
        XmlReader.Create(part.GetStream(FileMode.Open, FileAccess.Read), new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CloseInput = true,
        });

    /// <summary>
    /// The text of each <c>si</c>: its <c>t</c>, or the <c>t</c> of its runs; phonetic guides (<c>rPh</c>) are not part of it.
    /// Elements are matched by local name within the part's own namespace, so Strict OOXML reads as Transitional does.
    /// </summary>
    private static XlsxSharedStrings ReadSharedStrings(SharedStringTablePart? part)
    {
        var strings = new XlsxSharedStrings();
        if (part is null)
        {
            return strings;
        }

        using var reader = CreateXmlReader(part);
        string? ns = null;
        var text = new char[TabularLimits.MaxCellLength + 1];
        var length = 0;
        bool inItem = false, inText = false, inPhonetic = false;
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    ns ??= reader.NamespaceURI;
                    if (reader.NamespaceURI != ns) break;
                    switch (reader.LocalName)
                    {
                        case "si":
                            length = 0;
                            inItem = !reader.IsEmptyElement;
                            if (reader.IsEmptyElement) strings.Add([]);
                            break;
                        case "rPh" when !reader.IsEmptyElement:
                            inPhonetic = true;
                            break;
                        case "t" when inItem && !inPhonetic && !reader.IsEmptyElement:
                            inText = true;
                            break;
                    }
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace when inText:
                    // Cut one character beyond a cell's limit, so that a cell showing it reads as too long; the rest is passed over unread.
                    for (int read; length < text.Length && (read = reader.ReadValueChunk(text, length, text.Length - length)) > 0;)
                    {
                        length += read;
                    }
                    break;
                case XmlNodeType.EndElement when reader.NamespaceURI == ns:
                    switch (reader.LocalName)
                    {
                        case "t": inText = false; break;
                        case "rPh": inPhonetic = false; break;
                        case "si":
                            strings.Add(text.AsSpan(0, length));
                            inItem = false;
                            break;
                    }
                    break;
            }
        }

        return strings;
    }

    private static XlsxDateKind[] ReadDateKindByStyle(WorkbookStylesPart? part)
    {
        var stylesheet = part?.Stylesheet;
        if (stylesheet is null)
        {
            return [];
        }

        var custom = new Dictionary<uint, string>();
        foreach (var format in stylesheet.NumberingFormats?.Elements<NumberingFormat>() ?? [])
        {
            if (format.NumberFormatId?.Value is { } id && format.FormatCode?.Value is { } code)
            {
                custom[id] = code;
            }
        }

        return stylesheet.CellFormats?.Elements<CellFormat>()
            .Select(xf => xf.NumberFormatId?.Value ?? 0)
            .Select(id => custom.TryGetValue(id, out var code) ? XlsxNumberFormats.OfCustom(code) : XlsxNumberFormats.OfBuiltIn(id))
            .ToArray() ?? [];
    }

    private IReadOnlyList<string> ReadHeader(Func<IReadOnlyList<string>, HeaderFit>? rate)
    {
        var search = new HeaderSearch(rate);
        while (ReadSheetRow())
        {
            var width = 0;
            foreach (var (column, value) in _cells)
            {
                if (!string.IsNullOrWhiteSpace(value))
                {
                    width = Math.Max(width, column + 1);
                }
            }

            if (width == 0)
            {
                continue;
            }

            var header = new string[width];
            Array.Fill(header, "");
            foreach (var (column, value) in _cells)
            {
                if (column < width)
                {
                    header[column] = value.Trim();
                }
            }

            if (search.Offer(_rowNumber, header))
            {
                break;
            }
        }

        return search.Header ?? throw new UnreadableReportException($"the sheet '{_sheetName}' has no header row: it is empty");
    }

    /// <summary>Moves to the next <c>row</c> of the sheet, leaving its non-empty cells in <see cref="_cells"/>.</summary>
    private bool ReadSheetRow()
    {
        _cells.Clear();
        if (_sheetDone)
        {
            return false;
        }

        try
        {
            while (_sheet.Read())
            {
                switch (_sheet.NodeType)
                {
                    case XmlNodeType.Element:
                        // The root's namespace (Transitional or Strict) is the sheet's own; extension elements are not.
                        _sheetNamespace ??= _sheet.NamespaceURI;
                        if (_sheet.NamespaceURI != _sheetNamespace) break;
                        switch (_sheet.LocalName)
                        {
                            case "row":
                                BeginRow();
                                if (_sheet.IsEmptyElement) return true;
                                break;
                            case "c":
                                BeginCell();
                                if (_sheet.IsEmptyElement) EndCell();
                                break;
                            case "v" when !_sheet.IsEmptyElement && !_skipCell:
                                (_capture, _textLength) = (Capture.Value, 0);
                                break;
                            case "is" when !_skipCell:
                                (_inInline, _textLength) = (!_sheet.IsEmptyElement, 0);
                                if (_sheet.IsEmptyElement) _cellInlineText = "";
                                break;
                            case "rPh" when !_sheet.IsEmptyElement:
                                _inPhonetic = true;
                                break;
                            case "t" when _inInline && !_inPhonetic && !_sheet.IsEmptyElement:
                                _capture = Capture.InlineText;
                                break;
                        }
                        break;
                    case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace
                        when _capture != Capture.None:
                        for (int n; _textLength < _text.Length && (n = _sheet.ReadValueChunk(_text, _textLength, _text.Length - _textLength)) > 0;)
                        {
                            _textLength += n;
                        }
                        break;
                    case XmlNodeType.EndElement when _sheet.NamespaceURI == _sheetNamespace:
                        switch (_sheet.LocalName)
                        {
                            case "v" when _capture == Capture.Value:
                                _cellValue = new string(_text, 0, _textLength);
                                _capture = Capture.None;
                                break;
                            case "t" when _capture == Capture.InlineText:
                                _capture = Capture.None;
                                break;
                            case "rPh":
                                _inPhonetic = false;
                                break;
                            case "is" when _inInline:
                                _cellInlineText = new string(_text, 0, _textLength);
                                _inInline = false;
                                break;
                            case "c":
                                EndCell();
                                break;
                            case "row":
                                return true;
                            case "sheetData":
                                _sheetDone = true;
                                return false;
                        }
                        break;
                }
            }
        }
        catch (Exception ex) when (IsCorruption(ex))
        {
            _sheetDone = true;
            throw new UnreadableReportException(
                $"the XLSX file is truncated or corrupt: sheet '{_sheetName}' breaks off after row {_rowNumber}", ex);
        }

        _sheetDone = true;
        return false;
    }

    private void BeginRow()
    {
        var number = _rowNumber + 1;
        if (_sheet.GetAttribute("r") is { } r && long.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out var given) && given > 0)
        {
            number = given;
        }

        _rowNumber = number;
        _lastColumn = -1;
        _rowChars = 0;
        _cells.Clear();
    }

    private void BeginCell()
    {
        _cellColumn = _lastColumn + 1;
        _cellType = null;
        _cellStyle = 0;
        _cellValue = null;
        _cellInlineText = null;

        if (ColumnOf(_sheet.GetAttribute("r")) is { } column)
        {
            _cellColumn = column;
        }

        // Once the header is known, cells right of it are not read at all.
        _skipCell = Header.Count > 0 && _cellColumn >= Header.Count;

        _cellType = _sheet.GetAttribute("t");
        if (_sheet.GetAttribute("s") is { } s && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var style))
        {
            _cellStyle = style;
        }
    }

    private void EndCell()
    {
        _lastColumn = _cellColumn;
        if (_skipCell)
        {
            return;
        }

        var text = CellText();
        if (!string.IsNullOrEmpty(text))
        {
            _rowChars += text.Length;
            if (_rowChars > TabularLimits.MaxRowLength)
            {
                throw new UnreadableReportException(string.Create(CultureInfo.InvariantCulture,
                    $"row {_rowNumber} of sheet '{_sheetName}' holds more than {TabularLimits.MaxRowLength:N0} characters"));
            }

            _cells.Add((_cellColumn, text));
        }
    }

    private string? CellText()
    {
        switch (_cellType)
        {
            case "s":
                if (_cellValue is null)
                {
                    return null;
                }

                if (!int.TryParse(_cellValue, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= _sharedStrings.Count)
                {
                    throw new UnreadableReportException(
                        $"the XLSX file is corrupt: cell {ColumnName(_cellColumn)}{_rowNumber} of sheet '{_sheetName}' refers to shared string {_cellValue}, which does not exist");
                }

                return _sharedStrings[index];
            case "inlineStr":
                return _cellInlineText ?? _cellValue;
            case "str" or "e":
                return _cellValue;
            case "b":
                return _cellValue switch { "1" => "TRUE", "0" => "FALSE", var other => other };
            case "d":
                return _cellValue is null ? null : XlsxCellText.IsoDate(_cellValue);
        }

        if (_cellInlineText is not null)
        {
            return _cellInlineText;
        }

        if (_cellValue is null || !double.TryParse(_cellValue, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return _cellValue;
        }

        var dateKind = _cellStyle < _dateKindByStyle.Length ? _dateKindByStyle[_cellStyle] : XlsxDateKind.None;
        return (dateKind != XlsxDateKind.None ? XlsxCellText.Date(number, dateKind, _date1904) : null)
            ?? XlsxCellText.Number(number);
    }

    /// <summary>The zero-based column of a cell reference such as <c>C12</c>; null when it is not one.</summary>
    private static int? ColumnOf(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var column = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            var upper = (char)(c & ~0x20);
            if (upper is < 'A' or > 'Z')
            {
                break;
            }

            column = column * 26 + (upper - 'A' + 1);
            if (++letters > 3)
            {
                return null;
            }
        }

        return letters == 0 ? null : column - 1;
    }

    private static string ColumnName(int column)
    {
        var name = "";
        for (var n = column + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + (n - 1) % 26) + name;
        }

        return name;
    }

    private static bool IsCorruption(Exception ex) =>
        ex is XmlException or InvalidDataException or IOException or FormatException or OpenXmlPackageException;
}
