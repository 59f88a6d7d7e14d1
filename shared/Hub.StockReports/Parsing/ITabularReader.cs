using System.Globalization;

namespace Hub.StockReports.Parsing;

/// <summary>
/// Rows of a stock report file, whatever its format (CSV, XLSX, NDJSON), read forward only with bounded memory.
/// The header is the first non-blank row, or the row <see cref="TabularReaderOptions.RateHeader"/> picks among the
/// first <see cref="TabularLimits.HeaderSearchRows"/>; the column mapping (aliases, required columns) is decided above this layer.
/// </summary>
public interface ITabularReader : IDisposable
{
    /// <summary>
    /// The header cells as the file has them (trimmed), in order. An NDJSON reader appends the keys that first appear
    /// in a later line as it reads them, so this list may grow while rows are read; it never changes otherwise.
    /// </summary>
    IReadOnlyList<string> Header { get; }

    /// <summary>The next non-blank data row, or false at the end. Throws <see cref="UnreadableReportException"/> when the file turns out to be structurally broken midway.</summary>
    bool TryReadRow(out TabularRow row);
}

/// <param name="RowNumber">The row's number as a spreadsheet opening the file shows it (1-based, every record counts, the header's included).</param>
/// <param name="Cells">One value per header column (as <see cref="ITabularReader.Header"/> stood when the row was read), null where the row has
/// no value; a row longer than the header is cut, a shorter one padded with nulls. A cell longer than
/// <see cref="TabularLimits.MaxCellLength"/> is cut to one character more than that, so that it is seen to be too long without being held.</param>
/// <param name="Problem">Why the reader could not split this row into cells (an NDJSON line that is not an object); its cells are then empty.</param>
public readonly record struct TabularRow(long RowNumber, string?[] Cells, TabularRowProblem? Problem = null);

/// <summary>A row the reader could read past but not split into cells: a row error, not the end of the file.</summary>
/// <param name="Column">The header name (as the file writes it) of the cell where the row broke, or null when it broke before any.</param>
/// <param name="Value">The start of the text that could not be read, cut short.</param>
public sealed record TabularRowProblem(string? Column, string Message, string? Value);

/// <summary>The file cannot be read as a table at all (corrupt, bomb-sized, wrong encoding, no header): the report is rejected with this reason.</summary>
public sealed class UnreadableReportException(string reason, Exception? inner = null) : Exception(reason, inner);

/// <summary>How well a row serves as the header of a stock report.</summary>
public enum HeaderFit
{
    /// <summary>It names none of the required columns.</summary>
    None,
    /// <summary>It names some of the required columns.</summary>
    Partial,
    /// <summary>It names every required column.</summary>
    Complete,
}

/// <summary>Per-operator overrides; null means "detect".</summary>
public sealed record TabularReaderOptions
{
    /// <summary><c>,</c>, <c>;</c> or tab; Excel's <c>sep=</c> first line, else detected from the header line, when null.</summary>
    public char? Delimiter { get; init; }
    /// <summary>A .NET encoding name (<c>utf-8</c>, <c>gb18030</c>, <c>shift_jis</c>); when null: BOM, then decided on the first non-ASCII bytes.</summary>
    public string? Encoding { get; init; }
    /// <summary>XLSX: the sheet to read; the first sheet when null.</summary>
    public string? SheetName { get; init; }
    /// <summary>XLSX: refuse a workbook whose parts would inflate beyond this many bytes (zip bombs).</summary>
    public long MaxUncompressedBytes { get; init; } = 1L << 30;
    /// <summary>XLSX: the folder for the copy of a non-seekable file; the system's temp folder when null.</summary>
    public string? WorkPath { get; init; }
    /// <summary>
    /// CSV and XLSX: rates candidate header rows, so that a header standing below title rows is found. The header is the first row
    /// of the first <see cref="TabularLimits.HeaderSearchRows"/> rated <see cref="HeaderFit.Complete"/>; failing that the first rated
    /// <see cref="HeaderFit.Partial"/>, else the first non-blank row (which the mapping then refuses, saying why). Null: the first non-blank row.
    /// </summary>
    public Func<IReadOnlyList<string>, HeaderFit>? RateHeader { get; init; }
}

/// <summary>Bounds every reader keeps to, whatever a file holds.</summary>
public static class TabularLimits
{
    /// <summary>The most characters a cell may hold, as in Excel; a longer cell is a row error.</summary>
    public const int MaxCellLength = 32_767;

    /// <summary>The most characters a row may hold after its cells are cut (thousands of columns): the file is unreadable beyond it.</summary>
    public const int MaxRowLength = 1 << 20;

    /// <summary>How far down a header is looked for (spreadsheet rows, title rows included).</summary>
    public const int HeaderSearchRows = 20;

    /// <summary>The text of a cell as an error quotes it: long values cut to their start, saying how long they were at least.</summary>
    public static string? Shortened(string? value, int keep = 100) =>
        value is null || value.Length <= keep ? value
            : string.Create(CultureInfo.InvariantCulture,
                $"{value.AsSpan(0, keep)}… ({(value.Length > MaxCellLength ? "more than " : "")}{Math.Min(value.Length, MaxCellLength):N0} characters)");
}
