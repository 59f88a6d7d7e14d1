using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Hub.StockReports.Parsing;

/// <summary>
/// Decodes a text report without reading it whole: a byte order mark (UTF-8, UTF-16 LE/BE) wins; else the encoding
/// the operator declared; else the encoding is decided on the first non-ASCII bytes, wherever they are (ASCII reads the
/// same in UTF-8, GB18030 and Windows-1252, so the bytes before them are passed on as they come), by
/// <see cref="TextEncodingGuess"/> over at most <see cref="SniffLength"/> bytes from there. Decoding is strict throughout:
/// a byte the chosen encoding cannot decode raises <see cref="UnreadableReportException"/> with its byte offset in the
/// file (0-based), never a replacement character.
/// </summary>
public static class TextEncodingDetector
{
    public const int SniffLength = 64 * 1024;

    static TextEncodingDetector() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>A reader over <paramref name="content"/>, which may be non-seekable. The caller keeps ownership of the stream.</summary>
    /// <param name="declaredEncoding">The operator's encoding name (<c>utf-8</c>, <c>gb18030</c>, <c>shift_jis</c>), or null to detect.</param>
    public static TextReader OpenText(Stream content, string? declaredEncoding = null)
    {
        ArgumentNullException.ThrowIfNull(content);

        var bytes = new byte[SniffLength];
        var length = content.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        var endOfStream = length < bytes.Length;
        var prefix = bytes.AsSpan(0, length);

        StrictDecodingReader Reader(int start, Encoding encoding, Func<long, string> invalidAt) =>
            new(content, bytes, start, length, endOfStream, encoding, invalidAt);

        if (prefix.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Reader(3, Strict(Encoding.UTF8), at => $"the file starts with a UTF-8 byte order mark but is not valid UTF-8 at byte {at}");
        }
        if (prefix.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Reader(2, Strict(Encoding.Unicode), at => $"the file starts with a UTF-16LE byte order mark but is not valid UTF-16LE at byte {at}");
        }
        if (prefix.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Reader(2, Strict(Encoding.BigEndianUnicode), at => $"the file starts with a UTF-16BE byte order mark but is not valid UTF-16BE at byte {at}");
        }
        if (!string.IsNullOrWhiteSpace(declaredEncoding))
        {
            var name = declaredEncoding.Trim();
            return Reader(0, Declared(name), at => $"the file is not valid {name} (the encoding in the operator profile) at byte {at}");
        }
        return new StrictDecodingReader(content, bytes, 0, length, endOfStream, null, _ => "");
    }

    internal static Encoding Strict(Encoding encoding) =>
        Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    private static Encoding Declared(string name)
    {
        try
        {
            return Encoding.GetEncoding(name, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        }
        catch (ArgumentException e)
        {
            throw new UnreadableReportException($"the operator profile declares the encoding '{name}', which is not a known encoding name", e);
        }
    }

    /// <summary>Replays the sniffed prefix, then streams the rest, decoding strictly and tracking the byte offset for error messages.</summary>
    private sealed class StrictDecodingReader : TextReader
    {
        private readonly Stream _stream;
        private readonly byte[] _bytes;
        private Decoder? _decoder;
        private Func<long, string> _invalidAt;
        private readonly char[] _chars = new char[16 * 1024];
        private int _byteStart;
        private int _byteEnd;
        private long _bufferOffset;
        private bool _endOfStream;
        private bool _flushed;
        private int _charPos;
        private int _charLen;

        /// <param name="encoding">Null to decide at the first non-ASCII byte.</param>
        public StrictDecodingReader(Stream stream, byte[] bytes, int start, int end, bool endOfStream, Encoding? encoding, Func<long, string> invalidAt)
        {
            _stream = stream;
            _bytes = bytes;
            _byteStart = start;
            _byteEnd = end;
            _endOfStream = endOfStream;
            _decoder = encoding?.GetDecoder();
            _invalidAt = invalidAt;
        }

        public override int Peek() => _charPos < _charLen || Fill() ? _chars[_charPos] : -1;

        public override int Read() => _charPos < _charLen || Fill() ? _chars[_charPos++] : -1;

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            if (buffer.IsEmpty || (_charPos == _charLen && !Fill()))
            {
                return 0;
            }
            var n = Math.Min(buffer.Length, _charLen - _charPos);
            _chars.AsSpan(_charPos, n).CopyTo(buffer);
            _charPos += n;
            return n;
        }

        private bool Fill()
        {
            _charPos = 0;
            _charLen = 0;
            while (_charLen == 0)
            {
                if (_byteStart == _byteEnd)
                {
                    if (_flushed)
                    {
                        return false;
                    }
                    if (!_endOfStream)
                    {
                        _bufferOffset += _byteEnd;
                        _byteStart = 0;
                        _byteEnd = _stream.Read(_bytes, 0, _bytes.Length);
                        _endOfStream = _byteEnd == 0;
                    }
                    if (_endOfStream && _byteStart == _byteEnd)
                    {
                        _charLen = _decoder is null ? 0 : Convert(ReadOnlySpan<byte>.Empty, flush: true, out _);
                        _flushed = true;
                        continue;
                    }
                }
                if (_decoder is null)
                {
                    var undecided = _bytes.AsSpan(_byteStart, _byteEnd - _byteStart);
                    var ascii = undecided.IndexOfAnyInRange((byte)0x80, (byte)0xFF) is var first and >= 0 ? first : undecided.Length;
                    if (ascii == 0)
                    {
                        Decide();
                        continue;
                    }
                    _charLen = Math.Min(ascii, _chars.Length);
                    Ascii.ToUtf16(undecided[.._charLen], _chars, out _);
                    _byteStart += _charLen;
                    continue;
                }
                _charLen = Convert(_bytes.AsSpan(_byteStart, _byteEnd - _byteStart), flush: false, out var used);
                _byteStart += used;
            }
            return true;
        }

        /// <summary>At the first non-ASCII byte: brings it to the front of the buffer, fills the rest, and decides on that window.</summary>
        private void Decide()
        {
            var length = _byteEnd - _byteStart;
            _bytes.AsSpan(_byteStart, length).CopyTo(_bytes);
            _bufferOffset += _byteStart;
            (_byteStart, _byteEnd) = (0, length);
            if (!_endOfStream)
            {
                _byteEnd += _stream.ReadAtLeast(_bytes.AsSpan(_byteEnd), _bytes.Length - _byteEnd, throwOnEndOfStream: false);
                _endOfStream = _byteEnd < _bytes.Length;
            }
            var at = _bufferOffset;
            var (encoding, name) = TextEncodingGuess.Decide(_bytes.AsSpan(0, _byteEnd), _endOfStream, at);
            _decoder = Strict(encoding).GetDecoder();
            _invalidAt = bad => $"the file was read as {name}, judged by its first non-ASCII bytes (at byte {at}), but is not valid {name} at byte {bad}; declare the file's encoding in the operator profile";
        }

        private int Convert(ReadOnlySpan<byte> bytes, bool flush, out int bytesUsed)
        {
            try
            {
                _decoder!.Convert(bytes, _chars, flush, out bytesUsed, out var charsUsed, out _);
                return charsUsed;
            }
            catch (DecoderFallbackException e)
            {
                // e.Index is relative to the bytes of this call; it is negative when the bad sequence began in the previous buffer.
                throw new UnreadableReportException(_invalidAt(Math.Max(0, _bufferOffset + _byteStart + e.Index)), e);
            }
        }
    }
}
