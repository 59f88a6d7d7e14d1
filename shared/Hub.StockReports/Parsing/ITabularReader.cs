namespace Hub.StockReports.Parsing;

/// <summary>
/// Rows of a stock report file, whatever its format (CSV, XLSX, NDJSON), read forward only with bounded memory.
/// The first non-blank row is the header; the column mapping (aliases, required columns) is decided above this layer.
/// </summary>
public interface ITabularReader : IDisposable
{
    /// <summary>The header cells as the file has them (trimmed), in order.</summary>
    IReadOnlyList<string> Header { get; }

    /// <summary>The next non-blank data row, or false at the end. Throws <see cref="UnreadableReportException"/> when the file turns out to be structurally broken midway.</summary>
    bool TryReadRow(out TabularRow row);
}

/// <param name="RowNumber">The row's number as a person opening the file would see it (1-based, the header row counts).</param>
/// <param name="Cells">One value per header column, null where the row has no value; a row longer than the header is cut, a shorter one padded with nulls.</param>
public readonly record struct TabularRow(long RowNumber, string?[] Cells);

/// <summary>The file cannot be read as a table at all (corrupt, bomb-sized, wrong encoding, no header): the report is rejected with this reason.</summary>
public sealed class UnreadableReportException(string reason, Exception? inner = null) : Exception(reason, inner);

/// <summary>Per-operator overrides; null means "detect".</summary>
public sealed record TabularReaderOptions
{
    /// <summary><c>,</c>, <c>;</c> or tab; detected from the header line when null.</summary>
    public char? Delimiter { get; init; }
    /// <summary>A .NET encoding name (<c>utf-8</c>, <c>gb18030</c>, <c>shift_jis</c>); when null: BOM, then strict UTF-8, then GB18030.</summary>
    public string? Encoding { get; init; }
    /// <summary>XLSX: the sheet to read; the first sheet when null.</summary>
    public string? SheetName { get; init; }
    /// <summary>XLSX: refuse a workbook whose parts would inflate beyond this many bytes (zip bombs).</summary>
    public long MaxUncompressedBytes { get; init; } = 1L << 30;
    /// <summary>XLSX: the folder for the copy of a non-seekable file; the system's temp folder when null.</summary>
    public string? WorkPath { get; init; }
}
