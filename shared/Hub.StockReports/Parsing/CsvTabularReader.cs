using System.Buffers;
using nietras.SeparatedValues;

namespace Hub.StockReports.Parsing;

/// <summary>
/// Delimited text (<c>,</c> <c>;</c> or tab) read one row at a time with Sep, decoded by <see cref="TextEncodingDetector"/>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>The delimiter is the operator's, else the candidate that appears most often outside quotes in the first non-blank line (ties: comma, semicolon, tab).</item>
/// <item>Quoted fields may hold delimiters, doubled quotes and line breaks (CRLF, LF or CR). Spaces outside quotes are trimmed; a cell that is empty or whitespace is null.</item>
/// <item>A row whose cells are all empty or whitespace is blank and skipped, before and after the header.</item>
/// <item>Header cells are trimmed; empty cells after the last named header column (trailing delimiters) are dropped.</item>
/// <item><see cref="TabularRow.RowNumber"/> is the physical line on which the row starts, so after a quoted field with an
/// embedded line break the next row's number jumps by the extra lines, as in a text editor.</item>
/// <item>Cells beyond the header are cut off here; a short row is padded with nulls. Whether that is an error is the mapping layer's call.</item>
/// <item>A quote that is never closed, or a row longer than <see cref="MaxRowLength"/> characters, makes the file unreadable:
/// Sep counts quotes anywhere in a field, so a stray quote swallows the rows after it and would otherwise buffer the rest of the file.</item>
/// </list>
/// The caller keeps ownership of the stream.
/// </remarks>
public sealed class CsvTabularReader : ITabularReader
{
    public const int MaxRowLength = 1 << 20;

    private static readonly char[] Candidates = [',', ';', '\t'];

    private readonly GuardedText _text;
    private readonly SepReader _sep;
    private readonly string[] _header;

    private CsvTabularReader(GuardedText text, SepReader sep, string[] header)
    {
        _text = text;
        _sep = sep;
        _header = header;
    }

    public IReadOnlyList<string> Header => _header;

    public static CsvTabularReader Open(Stream content, TabularReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var decoded = TextEncodingDetector.OpenText(content, options.Encoding);
        var text = new GuardedText(decoded);
        SepReader? sep = null;
        try
        {
            var delimiter = options.Delimiter ?? DetectDelimiter(text);
            sep = CreateSep(delimiter).Reader(o => o with
            {
                HasHeader = false,
                Unescape = true,
                Trim = SepTrim.Outer,
                DisableColCountCheck = true,
            }).From(text);
            var header = ReadHeader(sep) ?? throw new UnreadableReportException("the file is empty");
            return new CsvTabularReader(text, sep, header);
        }
        catch
        {
            sep?.Dispose();
            text.Dispose();
            throw;
        }
    }

    public bool TryReadRow(out TabularRow row)
    {
        while (_sep.MoveNext())
        {
            var current = _sep.Current;
            if (IsBlank(current))
            {
                continue;
            }
            var cells = new string?[_header.Length];
            for (var i = 0; i < Math.Min(cells.Length, current.ColCount); i++)
            {
                var col = current[i];
                cells[i] = col.Span.IsWhiteSpace() ? null : col.ToString();
            }
            row = new TabularRow(LineNumber(current), cells);
            return true;
        }
        row = default;
        return false;
    }

    public void Dispose()
    {
        _sep.Dispose();
        _text.Dispose();
    }

    private static char DetectDelimiter(GuardedText text)
    {
        var line = text.PeekFirstNonBlankLine();
        if (line.IsEmpty)
        {
            throw new UnreadableReportException("the file is empty");
        }
        Span<int> counts = stackalloc int[Candidates.Length];
        var inQuotes = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (!inQuotes && Candidates.AsSpan().IndexOf(c) is var i and >= 0)
            {
                counts[i]++;
            }
        }
        var best = 0;
        for (var i = 1; i < counts.Length; i++)
        {
            if (counts[i] > counts[best])
            {
                best = i;
            }
        }
        return Candidates[best];
    }

    private static Sep CreateSep(char delimiter)
    {
        try
        {
            return new Sep(delimiter);
        }
        catch (ArgumentException e)
        {
            throw new UnreadableReportException($"'{delimiter}' cannot be used as a delimiter; use ',', ';' or tab", e);
        }
    }

    private static string[]? ReadHeader(SepReader sep)
    {
        while (sep.MoveNext())
        {
            var row = sep.Current;
            if (IsBlank(row))
            {
                continue;
            }
            var length = row.ColCount;
            while (row[length - 1].Span.IsWhiteSpace())
            {
                length--;
            }
            var header = new string[length];
            for (var i = 0; i < length; i++)
            {
                header[i] = row[i].Span.Trim().ToString();
            }
            return header;
        }
        return null;
    }

    private static bool IsBlank(SepReader.Row row)
    {
        for (var i = 0; i < row.ColCount; i++)
        {
            if (!row[i].Span.IsWhiteSpace())
            {
                return false;
            }
        }
        return true;
    }

    // Sep reports the first row's starting line as the line after it; every later row is right.
    private static long LineNumber(SepReader.Row row) => row.RowIndex == 0 ? 1 : row.LineNumberFrom;

    /// <summary>
    /// Sits between the decoder and Sep: replays the lines peeked for delimiter detection, and follows quotes and line
    /// breaks as Sep will, to refuse an unclosed quote or a runaway row before Sep buffers it whole.
    /// </summary>
    private sealed class GuardedText(TextReader inner) : TextReader
    {
        private static readonly SearchValues<char> Specials = SearchValues.Create("\"\r\n");

        private char[] _lookahead = [];
        private int _lookaheadPos;
        private int _lookaheadLen;
        private bool _innerEnded;
        private bool _inQuotes;
        private bool _lastWasCr;
        private long _line = 1;
        private long _rowStartLine = 1;
        private long _quoteLine;
        private int _rowLength;

        /// <summary>The first line with more than whitespace, quotes and delimiters (whole, even if quoted line breaks make it span several), or empty when there is none.</summary>
        public ReadOnlySpan<char> PeekFirstNonBlankLine()
        {
            var chunk = new char[16 * 1024];
            while (true)
            {
                var (found, start, end) = FindFirstNonBlankLine(_lookahead.AsSpan(0, _lookaheadLen), _innerEnded);
                if (found)
                {
                    return _lookahead.AsSpan(start, end - start);
                }
                if (_innerEnded)
                {
                    return [];
                }
                if (_lookaheadLen > MaxRowLength)
                {
                    throw new UnreadableReportException($"no header line within the first {MaxRowLength} characters; is a quote left open?");
                }
                var n = inner.Read(chunk);
                if (n == 0)
                {
                    _innerEnded = true;
                    continue;
                }
                if (_lookaheadLen + n > _lookahead.Length)
                {
                    Array.Resize(ref _lookahead, Math.Max(_lookahead.Length * 2, _lookaheadLen + n));
                }
                chunk.AsSpan(0, n).CopyTo(_lookahead.AsSpan(_lookaheadLen));
                _lookaheadLen += n;
            }
        }

        public override int Read()
        {
            Span<char> one = stackalloc char[1];
            return Read(one) == 0 ? -1 : one[0];
        }

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            int n;
            if (_lookaheadPos < _lookaheadLen)
            {
                n = Math.Min(buffer.Length, _lookaheadLen - _lookaheadPos);
                _lookahead.AsSpan(_lookaheadPos, n).CopyTo(buffer);
                _lookaheadPos += n;
                if (_lookaheadPos == _lookaheadLen)
                {
                    _lookahead = [];
                    _lookaheadPos = _lookaheadLen = 0;
                }
            }
            else
            {
                n = _innerEnded ? 0 : inner.Read(buffer);
            }
            if (n == 0 && !buffer.IsEmpty)
            {
                _innerEnded = true;
                if (_inQuotes)
                {
                    throw new UnreadableReportException($"a quote opened on line {_quoteLine} is never closed");
                }
                return 0;
            }
            Track(buffer[..n]);
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }

        private void Track(ReadOnlySpan<char> chars)
        {
            while (!chars.IsEmpty)
            {
                var i = chars.IndexOfAny(Specials);
                var run = i < 0 ? chars.Length : i;
                _rowLength += run;
                if (run > 0)
                {
                    _lastWasCr = false;
                }
                if (i >= 0)
                {
                    var c = chars[i];
                    if (c == '"')
                    {
                        if (!_inQuotes)
                        {
                            _quoteLine = _line;
                        }
                        _inQuotes = !_inQuotes;
                        _lastWasCr = false;
                        _rowLength++;
                    }
                    else
                    {
                        if (!(c == '\n' && _lastWasCr))
                        {
                            _line++;
                        }
                        _lastWasCr = c == '\r';
                        if (_inQuotes)
                        {
                            _rowLength++;
                        }
                        else
                        {
                            _rowLength = 0;
                            _rowStartLine = _line;
                        }
                    }
                }
                if (_rowLength > MaxRowLength)
                {
                    throw new UnreadableReportException($"the row starting on line {_rowStartLine} is longer than {MaxRowLength} characters; is a quote left open?");
                }
                chars = i < 0 ? [] : chars[(i + 1)..];
            }
        }

        private static (bool Found, int Start, int End) FindFirstNonBlankLine(ReadOnlySpan<char> text, bool atEnd)
        {
            var i = 0;
            while (i < text.Length)
            {
                var start = i;
                var inQuotes = false;
                var hasContent = false;
                for (; i < text.Length; i++)
                {
                    var c = text[i];
                    if (c == '"')
                    {
                        inQuotes = !inQuotes;
                    }
                    else if (!inQuotes && c is '\r' or '\n')
                    {
                        break;
                    }
                    else if (!char.IsWhiteSpace(c) && c is not (',' or ';'))
                    {
                        hasContent = true;
                    }
                }
                if (i == text.Length && !atEnd)
                {
                    return default;
                }
                if (hasContent)
                {
                    return (true, start, i);
                }
                i++;
            }
            return default;
        }
    }
}
