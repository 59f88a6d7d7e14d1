using System.Globalization;

namespace Hub.StockReports.Parsing;

/// <summary>
/// A workbook's shared strings, kept as characters in a few large blocks rather than as one string object each: a table
/// of 200,000 distinct SKUs would otherwise be 200,000 small objects that the garbage collector copies from generation to
/// generation while the sheet is read; in blocks it is a handful of arrays on the large object heap, never copied.
/// A cell gets a string of its own when it is read.
/// The table is bounded, as a cell is: each string is cut by the reader at one character beyond
/// <see cref="TabularLimits.MaxCellLength"/>, and a workbook with more than <see cref="MaxStrings"/> strings or
/// <see cref="MaxCharacters"/> characters in them is refused, asking for CSV instead (Excel's own sheets stop at 1,048,576 rows,
/// so a real stock list stays far below these; a sharedStrings.xml inflating to a gigabyte would otherwise be held whole).
/// </summary>
public sealed class XlsxSharedStrings
{
    public const int MaxStrings = 8 << 20;
    public const long MaxCharacters = 64L << 20;

    private const int BlockChars = 1 << 19;
    private const int LengthBits = 24;
    private const int StartBits = 20;

    private readonly List<char[]> _blocks = [];
    // Per string: block index, start in the block and length, packed into one long.
    private long[] _entries = new long[256];
    private int _used;

    public int Count { get; private set; }

    private long _characters;

    public void Add(ReadOnlySpan<char> text)
    {
        if (text.Length >= 1 << LengthBits) throw new InvalidDataException($"a shared string of {text.Length} characters");
        _characters += text.Length;
        if (Count >= MaxStrings || _characters > MaxCharacters)
        {
            throw new UnreadableReportException(string.Create(CultureInfo.InvariantCulture,
                $"the workbook's shared strings table holds more than {MaxStrings:N0} strings or {MaxCharacters:N0} characters, more than a stock report is read with; save the sheet as CSV UTF-8 and send that instead"));
        }

        if (_blocks.Count == 0 || _used + text.Length > _blocks[^1].Length)
        {
            // A string longer than a block gets a block of its own.
            _blocks.Add(new char[Math.Max(BlockChars, text.Length)]);
            _used = 0;
        }

        text.CopyTo(_blocks[^1].AsSpan(_used));
        if (Count == _entries.Length) Array.Resize(ref _entries, _entries.Length * 2);
        _entries[Count++] = ((long)(_blocks.Count - 1) << (StartBits + LengthBits)) | ((long)_used << LengthBits) | (uint)text.Length;
        _used += text.Length;
    }

    public string this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            var entry = _entries[index];
            var length = (int)(entry & ((1 << LengthBits) - 1));
            if (length == 0) return "";
            var start = (int)((entry >> LengthBits) & ((1 << StartBits) - 1));
            return new string(_blocks[(int)(entry >> (StartBits + LengthBits))], start, length);
        }
    }
}
