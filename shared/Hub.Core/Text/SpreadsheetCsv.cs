using System.Buffers;
using System.Text;

namespace Hub.Core.Text;

/// <summary>
/// CSV that a spreadsheet opens safely: UTF-8 with a BOM (so Excel reads Chinese text correctly), CRLF line ends,
/// RFC 4180 quoting, and fields written one at a time so a file is never held in memory. Shared by every CSV the hub
/// hands out (errors.csv of stock reports, meetings.csv of matchmaking runs).
/// </summary>
/// <remarks>
/// A neutralised field starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or carriage return is prefixed with
/// <c>'</c> so a spreadsheet shows it as text instead of evaluating it (OWASP CSV injection): a negative number in such a
/// field therefore reads <c>'-5</c>, deliberately. Fields the hub itself formats (numbers, dates) are written as they are.
/// </remarks>
public static class SpreadsheetCsv
{
    private static readonly SearchValues<char> NeedsQuoting = SearchValues.Create(",\"\r\n");
    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r");
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>A writer over <paramref name="destination"/> (left open) with the BOM and <paramref name="header"/> already written.</summary>
    public static StreamWriter Open(Stream destination, string header)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(header);
        // The BOM is written here rather than left to StreamWriter, which skips it on a seekable stream not at position 0.
        destination.Write(Encoding.UTF8.Preamble);
        var writer = new StreamWriter(destination, Utf8, bufferSize: 16 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        writer.WriteLine(header);
        return writer;
    }

    /// <summary>True when a spreadsheet would read <paramref name="text"/> as a formula.</summary>
    public static bool StartsLikeAFormula(string? text) => !string.IsNullOrEmpty(text) && FormulaStarts.Contains(text[0]);

    /// <summary>
    /// Writes one field, quoted when it holds a comma, quote or line break; with <paramref name="neutralise"/>, a field that
    /// starts like a formula gets a leading <c>'</c> (inside the quotes, so that the quote still opens the field).
    /// </summary>
    public static void WriteField(TextWriter writer, string? text, bool neutralise)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (string.IsNullOrEmpty(text)) return;

        var quoted = text.AsSpan().IndexOfAny(NeedsQuoting) >= 0;
        if (quoted) writer.Write('"');
        if (neutralise && FormulaStarts.Contains(text[0])) writer.Write('\'');
        writer.Write(quoted ? text.Replace("\"", "\"\"", StringComparison.Ordinal) : text);
        if (quoted) writer.Write('"');
    }
}
