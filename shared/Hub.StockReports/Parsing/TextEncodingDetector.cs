using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Hub.StockReports.Parsing;

/// <summary>
/// Decodes a text report without reading it whole: a byte order mark (UTF-8, UTF-16 LE/BE) wins; else the encoding
/// the operator declared; else UTF-8 when the first 64 KiB are strictly valid UTF-8; else GB18030.
/// Decoding is strict throughout: a byte the chosen encoding cannot decode raises <see cref="UnreadableReportException"/>
/// with its byte offset in the file (0-based), never a replacement character.
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
        return IsStrictUtf8(prefix, endOfStream)
            ? Reader(0, Strict(Encoding.UTF8), at => $"the file is not valid UTF-8 at byte {at}; declare the file's encoding in the operator profile")
            : Reader(0, Strict(Encoding.GetEncoding("gb18030")), at => $"the file is neither UTF-8 nor valid GB18030 (at byte {at}); declare the file's encoding in the operator profile");
    }

    /// <summary>True when <paramref name="prefix"/> is valid UTF-8; a multi-byte sequence cut by the end of the prefix counts as valid unless the file ends there.</summary>
    private static bool IsStrictUtf8(ReadOnlySpan<byte> prefix, bool endOfStream)
    {
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(prefix.Length, 1));
        try
        {
            var status = Utf8.ToUtf16(prefix, chars, out _, out _, replaceInvalidSequences: false, isFinalBlock: endOfStream);
            return status is OperationStatus.Done or OperationStatus.NeedMoreData;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static Encoding Strict(Encoding encoding) =>
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
        private readonly Decoder _decoder;
        private readonly Func<long, string> _invalidAt;
        private readonly char[] _chars = new char[16 * 1024];
        private int _byteStart;
        private int _byteEnd;
        private long _bufferOffset;
        private bool _endOfStream;
        private bool _flushed;
        private int _charPos;
        private int _charLen;

        public StrictDecodingReader(Stream stream, byte[] bytes, int start, int end, bool endOfStream, Encoding encoding, Func<long, string> invalidAt)
        {
            _stream = stream;
            _bytes = bytes;
            _byteStart = start;
            _byteEnd = end;
            _endOfStream = endOfStream;
            _decoder = encoding.GetDecoder();
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
                        _charLen = Convert(ReadOnlySpan<byte>.Empty, flush: true, out _);
                        _flushed = true;
                        continue;
                    }
                }
                _charLen = Convert(_bytes.AsSpan(_byteStart, _byteEnd - _byteStart), flush: false, out var used);
                _byteStart += used;
            }
            return true;
        }

        private int Convert(ReadOnlySpan<byte> bytes, bool flush, out int bytesUsed)
        {
            try
            {
                _decoder.Convert(bytes, _chars, flush, out bytesUsed, out var charsUsed, out _);
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
