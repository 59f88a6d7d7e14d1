using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using nietras.SeparatedValues;

namespace Hub.StockReports.Parsing;

/// <summary>
/// Delimited text (<c>,</c> <c>;</c> or tab) read one row at a time with Sep, decoded by <see cref="TextEncodingDetector"/>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>The delimiter is the one Excel's <c>sep=</c> first line names (that line is then no row, as in Excel), else the operator's,
/// else the candidate that appears most often outside quotes in the first non-blank line (ties: comma, semicolon, tab).</item>
/// <item>Quoted fields may hold delimiters, doubled quotes and line breaks (CRLF, LF or CR). Spaces outside quotes are trimmed; a cell that is empty or whitespace is null.</item>
/// <item>A row whose cells are all empty or whitespace is blank and skipped, before and after the header.</item>
/// <item>Header cells are trimmed; empty cells after the last named header column (trailing delimiters) are dropped.</item>
/// <item><see cref="TabularRow.RowNumber"/> is the record's number as a spreadsheet shows it: blank lines count, a quoted field's
/// line breaks do not, and the header's own number counts (row 1 usually; lower when title rows stand above it).</item>
/// <item>A field longer than <see cref="TabularLimits.MaxCellLength"/> characters is cut as it streams past, never held whole; its cell
/// then reads one character longer than the limit (see <see cref="TabularRow.Cells"/>).</item>
/// <item>Cells beyond the header are cut off here; a short row is padded with nulls. Whether that is an error is the mapping layer's call.</item>
/// <item>A quote that is never closed makes the file unreadable (Sep counts quotes anywhere in a field, so a stray quote swallows
/// the rows after it), as does a quoted field over the cell limit that runs over several lines (such a stray quote), and a row longer than <see cref="MaxRowLength"/> characters after its fields are cut (thousands of columns).</item>
/// </list>
/// The caller keeps ownership of the stream.
/// </remarks>
public sealed class CsvTabularReader : ITabularReader
{
    public const int MaxRowLength = TabularLimits.MaxRowLength;

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
            var delimiter = text.TakeSepLine() ?? options.Delimiter ?? DetectDelimiter(text);
            text.Delimiter = delimiter;
            sep = CreateSep(delimiter).Reader(o => o with
            {
                HasHeader = false,
                Unescape = true,
                Trim = SepTrim.Outer,
                DisableColCountCheck = true,
            }).From(text);
            var header = ReadHeader(sep, text, options.RateHeader) ?? throw new UnreadableReportException("the file is empty");
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
            _text.MarkCut(current.RowIndex, cells);
            row = new TabularRow(current.RowIndex + 1, cells);
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

    private static string[]? ReadHeader(SepReader sep, GuardedText text, Func<IReadOnlyList<string>, HeaderFit>? rate)
    {
        var search = new HeaderSearch(rate);
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
            var cells = new string[length];
            for (var i = 0; i < length; i++)
            {
                cells[i] = row[i].Span.Trim().ToString();
            }
            text.MarkCut(row.RowIndex, cells);
            if (search.Offer(row.RowIndex + 1, cells))
            {
                break;
            }
        }
        return search.Header;
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

    /// <summary>
    /// Sits between the decoder and Sep: replays the lines peeked for delimiter detection, and follows quotes, delimiters and
    /// line breaks as Sep will, to refuse an unclosed quote before Sep buffers it whole and to cut every field at
    /// <see cref="TabularLimits.MaxCellLength"/> characters, remembering which (record, column) it cut for <see cref="MarkCut"/>.
    /// </summary>
    private sealed class GuardedText(TextReader inner) : TextReader
    {
        private readonly Queue<(long Record, int Column)> _cuts = new();
        // Delimiters are not among them: a run between quotes and breaks is passed on whole when none of its fields can reach
        // the cell limit, which is nearly always, rather than stopping at every delimiter.
        private static readonly SearchValues<char> Specials = SearchValues.Create("\"\r\n");
        private char _delimiter;
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
        private long _record;
        private int _column;
        private long _fieldLength;

        /// <summary>Set once the delimiter is known, before Sep reads anything: fields are counted between delimiters.</summary>
        public char Delimiter
        {
            set
            {
                _delimiter = value;
            }
        }

        /// <summary>Excel's <c>sep=;</c> first line: its delimiter, the line itself skipped; null when the file has none.</summary>
        public char? TakeSepLine()
        {
            var line = PeekFirstNonBlankLine();
            if (_lookaheadPos != 0 || line.IsEmpty || !Unsafe.AreSame(ref MemoryMarshal.GetReference(line), ref _lookahead[0]))
            {
                return null;
            }
            var text = line.Trim(' ');
            if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
            {
                text = text[1..^1];
            }
            if (text.Length != 5 || !text.StartsWith("sep=", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
            var end = line.Length;
            if (end < _lookaheadLen && _lookahead[end] == '\r')
            {
                end++;
            }
            if (end < _lookaheadLen && _lookahead[end] == '\n')
            {
                end++;
            }
            _lookaheadPos = end;
            _line = 2;
            _rowStartLine = 2;
            return text[4];
        }

        /// <summary>Makes the cells of record <paramref name="record"/> (0-based, as Sep counts) that were cut read as too long.</summary>
        public void MarkCut(long record, string?[] cells)
        {
            while (_cuts.TryPeek(out var cut) && cut.Record <= record)
            {
                _cuts.Dequeue();
                if (cut.Record == record && cut.Column < cells.Length)
                {
                    var kept = cells[cut.Column] ?? "";
                    cells[cut.Column] = kept.Length > TabularLimits.MaxCellLength ? kept : kept.PadRight(TabularLimits.MaxCellLength + 1);
                }
            }
        }

        /// <summary>The first line with more than whitespace, quotes and delimiters (whole, even if quoted line breaks make it span several), or empty when there is none.</summary>
        public ReadOnlySpan<char> PeekFirstNonBlankLine()
        {
            var chunk = new char[16 * 1024];
            while (true)
            {
                var (found, start, end) = FindFirstNonBlankLine(_lookahead.AsSpan(_lookaheadPos, _lookaheadLen - _lookaheadPos), _innerEnded);
                if (found)
                {
                    return _lookahead.AsSpan(_lookaheadPos + start, end - start);
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
            while (!buffer.IsEmpty)
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
                if (n == 0)
                {
                    _innerEnded = true;
                    if (_inQuotes)
                    {
                        throw new UnreadableReportException($"a quote opened on line {_quoteLine} is never closed");
                    }
                    return 0;
                }
                // A read cut down to nothing (the middle of a long field) is not the end: Sep stops at 0.
                if (Filter(buffer[..n]) is var kept and > 0)
                {
                    return kept;
                }
            }
            return 0;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }

        /// <summary>Follows <paramref name="chars"/> as Sep will read them and drops what lies beyond a field's limit; returns how many are left, moved to the front.</summary>
        private int Filter(Span<char> chars)
        {
            var write = 0;
            var read = 0;
            while (read < chars.Length)
            {
                var i = chars[read..].IndexOfAny(Specials);
                var run = i < 0 ? chars.Length - read : i;
                if (run > 0)
                {
                    PassRun(chars, read, run, ref write);
                    _lastWasCr = false;
                    read += run;
                    RefuseARunawayQuote();
                    RefuseARunawayRow();
                }
                if (i < 0)
                {
                    break;
                }
                var c = chars[read++];
                chars[write++] = c;
                // Specials are always passed on, so that Sep sees the quotes and breaks of a cut field.
                _rowLength++;
                if (c == '"')
                {
                    if (!_inQuotes)
                    {
                        _quoteLine = _line;
                    }
                    _inQuotes = !_inQuotes;
                    _lastWasCr = false;
                }
                else
                {
                    var crlf = c == '\n' && _lastWasCr;
                    if (!crlf)
                    {
                        _line++;
                    }
                    _lastWasCr = c == '\r';
                    if (!_inQuotes)
                    {
                        if (!crlf)
                        {
                            _record++;
                        }
                        _column = 0;
                        _fieldLength = 0;
                        _rowLength = 0;
                        _rowStartLine = _line;
                    }
                    else
                    {
                        RefuseARunawayQuote();
                    }
                }
                RefuseARunawayRow();
            }
            return write;
        }

        /// <summary>Passes on a run holding no quote or break, cutting any field in it at the cell limit.</summary>
        private void PassRun(Span<char> chars, int from, int length, ref int write)
        {
            var run = chars.Slice(from, length);
            if (_inQuotes || _fieldLength + length <= TabularLimits.MaxCellLength)
            {
                var last = _inQuotes ? -1 : run.LastIndexOf(_delimiter);
                if (last < 0)
                {
                    PassFieldPart(chars, from, length, ref write);
                    return;
                }
                // No field of the run reaches the limit: passed on whole, the delimiters counted (before the run is moved over
                // itself towards the front, where a cut left a gap).
                _column += run.Count(_delimiter);
                _fieldLength = length - last - 1;
                if (write != from)
                {
                    run.CopyTo(chars[write..]);
                }
                write += length;
                _rowLength += length;
                return;
            }
            var start = 0;
            while (true)
            {
                var next = run[start..].IndexOf(_delimiter);
                var field = next < 0 ? length - start : next;
                PassFieldPart(chars, from + start, field, ref write);
                if (next < 0)
                {
                    return;
                }
                chars[write++] = _delimiter;
                _rowLength++;
                _column++;
                _fieldLength = 0;
                start += field + 1;
            }
        }

        /// <summary>Passes on part of the current field, dropping what lies beyond the cell limit and remembering the cut.</summary>
        private void PassFieldPart(Span<char> chars, int from, int length, ref int write)
        {
            var keep = (int)Math.Clamp(TabularLimits.MaxCellLength - _fieldLength, 0, length);
            if (keep < length && _fieldLength <= TabularLimits.MaxCellLength)
            {
                _cuts.Enqueue((_record, _column));
            }
            if (write != from)
            {
                chars.Slice(from, keep).CopyTo(chars[write..]);
            }
            write += keep;
            _rowLength += keep;
            _fieldLength += length;
        }

        private void RefuseARunawayRow()
        {
            if (_rowLength > MaxRowLength)
            {
                throw new UnreadableReportException($"the row starting on line {_rowStartLine} is longer than {MaxRowLength} characters; is a quote left open?");
            }
        }

        // A quoted field over the limit that also runs over lines is almost surely a stray quote swallowing the rows after it:
        // cutting it would drop those rows into one row error, so the file is refused instead.
        private void RefuseARunawayQuote()
        {
            if (_inQuotes && _fieldLength > TabularLimits.MaxCellLength && _line > _quoteLine)
            {
                throw new UnreadableReportException(
                    $"the quoted field opened on line {_quoteLine} runs over several lines and more than {TabularLimits.MaxCellLength} characters; is a quote left open?");
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
