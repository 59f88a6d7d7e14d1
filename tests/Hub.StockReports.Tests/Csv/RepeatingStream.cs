using System.Text;

namespace Hub.StockReports.Tests.Csv;

/// <summary>
/// A forward-only file made up as it is read: a prefix, one byte repeated many times, a suffix. A huge cell costs the test
/// nothing but the time to read it, so what a reader allocates over it is the reader's alone.
/// </summary>
public sealed class RepeatingStream(string prefix, byte repeated, long count, string suffix) : Stream
{
    private readonly byte[] _prefix = Encoding.UTF8.GetBytes(prefix);
    private readonly byte[] _suffix = Encoding.UTF8.GetBytes(suffix);
    private long _position;

    public long TotalLength => _prefix.Length + count + _suffix.Length;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length && _position < TotalLength)
        {
            var target = buffer[written..];
            int n;
            if (_position < _prefix.Length)
            {
                n = Math.Min(target.Length, _prefix.Length - (int)_position);
                _prefix.AsSpan((int)_position, n).CopyTo(target);
            }
            else if (_position < _prefix.Length + count)
            {
                n = (int)Math.Min(target.Length, _prefix.Length + count - _position);
                target[..n].Fill(repeated);
            }
            else
            {
                var at = (int)(_position - _prefix.Length - count);
                n = Math.Min(target.Length, _suffix.Length - at);
                _suffix.AsSpan(at, n).CopyTo(target);
            }
            written += n;
            _position += n;
        }
        return written;
    }

    public override void Flush() => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
