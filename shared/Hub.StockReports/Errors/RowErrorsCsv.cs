using System.Globalization;
using Hub.Core.Text;
using Hub.StockReports.Rows;

namespace Hub.StockReports.Errors;

/// <summary>
/// Writes errors.csv: <c>row,column,value,message</c>, UTF-8 with a BOM (so Excel reads Chinese text
/// correctly), CRLF line ends and RFC 4180 quoting, one error at a time so the file is never held in memory.
/// </summary>
/// <remarks>
/// The quoting and formula neutralising are <see cref="SpreadsheetCsv"/>'s, shared with every CSV the hub hands out.
/// A value or message starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or carriage return is
/// prefixed with <c>'</c> so a spreadsheet shows it as text instead of evaluating it (OWASP CSV injection).
/// A rejected negative quantity therefore reads <c>'-5</c>: the quote is deliberate, not a bug.
/// </remarks>
public static class RowErrorsCsv
{
    public const string Header = "row,column,value,message";

    public static async Task WriteAsync(IAsyncEnumerable<RowError> errors, Stream destination, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(destination);

        await using var writer = Open(destination);
        await foreach (var error in errors.WithCancellation(ct))
        {
            ct.ThrowIfCancellationRequested();
            Write(writer, error);
        }

        await writer.FlushAsync(ct);
    }

    /// <summary>A writer over <paramref name="destination"/> (left open) with the BOM and the header already written; add rows with <see cref="Write"/>.</summary>
    public static StreamWriter Open(Stream destination) => SpreadsheetCsv.Open(destination, Header);

    public static void Write(TextWriter writer, RowError error)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(error);
        writer.Write(error.Row.ToString(CultureInfo.InvariantCulture));
        writer.Write(',');
        WriteField(writer, error.Column, neutralise: false);
        writer.Write(',');
        WriteField(writer, error.Value, neutralise: true);
        writer.Write(',');
        WriteField(writer, error.Message, neutralise: true);
        writer.WriteLine();
    }

    private static void WriteField(TextWriter writer, string? text, bool neutralise) => SpreadsheetCsv.WriteField(writer, text, neutralise);
}
