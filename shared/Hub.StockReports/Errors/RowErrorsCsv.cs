using System.Buffers;
using System.Globalization;
using System.Text;
using Hub.StockReports.Rows;

namespace Hub.StockReports.Errors;

/// <summary>
/// Writes errors.csv: <c>row,column,value,message</c>, UTF-8 with a BOM (so Excel reads Chinese text
/// correctly), CRLF line ends and RFC 4180 quoting, one error at a time so the file is never held in memory.
/// </summary>
/// <remarks>
/// A value or message starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or carriage return is
/// prefixed with <c>'</c> so a spreadsheet shows it as text instead of evaluating it (OWASP CSV injection).
/// A rejected negative quantity therefore reads <c>'-5</c>: the quote is deliberate, not a bug.
/// </remarks>
public static class RowErrorsCsv
{
    public const string Header = "row,column,value,message";

    private static readonly SearchValues<char> NeedsQuoting = SearchValues.Create(",\"\r\n");
    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r");
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task WriteAsync(IAsyncEnumerable<RowError> errors, Stream destination, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(destination);

        // The BOM is written here rather than left to StreamWriter, which skips it on a seekable stream not at position 0.
        await destination.WriteAsync(Encoding.UTF8.Preamble.ToArray(), ct);

        await using var writer = new StreamWriter(destination, Utf8, bufferSize: 16 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteAsync(Header.AsMemory(), ct);
        await writer.WriteLineAsync(ReadOnlyMemory<char>.Empty, ct);

        await foreach (var error in errors.WithCancellation(ct))
        {
            await writer.WriteAsync(error.Row.ToString(CultureInfo.InvariantCulture).AsMemory(), ct);
            await writer.WriteAsync(",".AsMemory(), ct);
            await WriteFieldAsync(writer, error.Column, neutralise: false, ct);
            await writer.WriteAsync(",".AsMemory(), ct);
            await WriteFieldAsync(writer, error.Value, neutralise: true, ct);
            await writer.WriteAsync(",".AsMemory(), ct);
            await WriteFieldAsync(writer, error.Message, neutralise: true, ct);
            await writer.WriteLineAsync(ReadOnlyMemory<char>.Empty, ct);
        }

        await writer.FlushAsync(ct);
    }

    private static async Task WriteFieldAsync(StreamWriter writer, string? text, bool neutralise, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        var prefix = neutralise && FormulaStarts.Contains(text[0]) ? "'" : "";
        if (text.AsSpan().IndexOfAny(NeedsQuoting) < 0)
        {
            await writer.WriteAsync((prefix + text).AsMemory(), ct);
            return;
        }

        await writer.WriteAsync(("\"" + prefix + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"").AsMemory(), ct);
    }
}
