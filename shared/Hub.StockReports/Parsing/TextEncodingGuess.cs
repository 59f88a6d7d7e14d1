using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Hub.StockReports.Parsing;

/// <summary>
/// Decides, on a window of bytes starting at a text report's first non-ASCII byte, between UTF-8, GB18030 and Windows-1252,
/// or refuses to guess. Windows-1252 and GB18030 decode nearly any bytes, so validity alone cannot tell them apart; their shapes can:
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>UTF-8 when the window is strictly valid UTF-8 (a sequence cut by the window's end counts as valid unless the file ends there).</item>
/// <item>GB18030 when the window is valid GB18030, its two-byte characters have both bytes above ASCII (as all of GB2312's
/// common Chinese do; at most one in twenty may not), and read as Windows-1252 it would not be Latin text: it has a run of three
/// or more non-ASCII bytes, or a byte Windows-1252 does not define. Also when it is valid GB18030 holding a four-byte
/// sequence (non-ASCII, digit, non-ASCII, digit), a shape Latin text does not have.</item>
/// <item>Windows-1252 (Latin-1's superset) when every byte is defined there, no run of non-ASCII bytes is longer than two
/// (accented letters stand among ASCII ones), and the window is not also clean GB18030 (then it could be Chinese).</item>
/// <item>No rule tells a handful of rare Chinese characters from as many accented letters (<c>x茢</c> and <c>xäq</c> are the
/// same bytes); these rules are right for text as people write it, which is what they are tested on.</item>
/// <item>Otherwise the file is refused, asking the operator to declare its encoding: storing text decoded in a wrong guess
/// (<c>Crème</c> as <c>Cr鑝e</c>) is worse than asking. A statistical detector (UTF.Unknown) was tried and named
/// <c>库存</c> Windows-1252, so it is not used.</item>
/// </list>
/// </remarks>
internal static class TextEncodingGuess
{
    static TextEncodingGuess() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <param name="window">Bytes from the first non-ASCII byte on.</param>
    /// <param name="endOfStream">Whether the file ends with the window.</param>
    /// <param name="offset">The window's offset in the file, for messages.</param>
    public static (Encoding Encoding, string Name) Decide(ReadOnlySpan<byte> window, bool endOfStream, long offset)
    {
        if (IsStrictUtf8(window, endOfStream))
        {
            return (Encoding.UTF8, "UTF-8");
        }

        var gb = Gb18030Shape(window, endOfStream);
        var latin = LatinShape(window);
        var gbClean = gb.Valid && gb.LowTrail * 20 <= gb.HighPairs && gb.HighPairs > 0;
        if ((gbClean && (latin.LongestRun >= 3 || !latin.Defined)) || (gb.Valid && gb.Quads > 0))
        {
            return (Encoding.GetEncoding("gb18030"), "GB18030");
        }

        if (latin.Defined && latin.LongestRun <= 2 && !(gb.Valid && gb.LowTrail == 0))
        {
            return (Encoding.GetEncoding(1252), "Windows-1252");
        }

        throw new UnreadableReportException(
            $"the file's encoding cannot be told from its first non-ASCII bytes (at byte {offset}): they are not UTF-8, and could be "
            + (gb.Valid && latin.Defined ? "either GB18030 (Chinese) or Windows-1252 (Western European)" : gb.Valid ? "GB18030 but do not look like Chinese text" : latin.Defined ? "Windows-1252 but do not look like Western European text" : "neither GB18030 nor Windows-1252")
            + "; declare the file's encoding in the operator profile, or save the file as UTF-8");
    }

    private static bool IsStrictUtf8(ReadOnlySpan<byte> bytes, bool endOfStream)
    {
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(bytes.Length, 1));
        try
        {
            var status = Utf8.ToUtf16(bytes, chars, out _, out _, replaceInvalidSequences: false, isFinalBlock: endOfStream);
            return status is OperationStatus.Done or OperationStatus.NeedMoreData;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>Whether the bytes are well-formed GB18030, and how many of its two-byte characters have a trail byte above or within ASCII.</summary>
    private static (bool Valid, int HighPairs, int LowTrail, int Quads) Gb18030Shape(ReadOnlySpan<byte> bytes, bool endOfStream)
    {
        int high = 0, low = 0, quads = 0;
        for (var i = 0; i < bytes.Length;)
        {
            var b = bytes[i];
            if (b < 0x80)
            {
                i++;
                continue;
            }

            if (b is 0x80 or 0xFF)
            {
                return (false, high, low, quads);
            }

            if (i + 1 >= bytes.Length)
            {
                return (!endOfStream, high, low, quads);
            }

            var trail = bytes[i + 1];
            if (trail is >= 0x30 and <= 0x39)
            {
                if (i + 3 >= bytes.Length)
                {
                    return (!endOfStream, high, low, quads);
                }

                if (bytes[i + 2] is < 0x81 or > 0xFE || bytes[i + 3] is < 0x30 or > 0x39)
                {
                    return (false, high, low, quads);
                }

                quads++;
                i += 4;
                continue;
            }

            if (trail is < 0x40 or 0x7F or 0xFF)
            {
                return (false, high, low, quads);
            }

            if (trail >= 0x80)
            {
                high++;
            }
            else
            {
                low++;
            }

            i += 2;
        }

        return (true, high, low, quads);
    }

    /// <summary>Whether every byte is one Windows-1252 defines, and the longest run of non-ASCII bytes.</summary>
    private static (bool Defined, int LongestRun) LatinShape(ReadOnlySpan<byte> bytes)
    {
        var defined = true;
        int run = 0, longest = 0;
        foreach (var b in bytes)
        {
            if (b < 0x80)
            {
                run = 0;
                continue;
            }

            defined &= b is not (0x81 or 0x8D or 0x8F or 0x90 or 0x9D);
            longest = Math.Max(longest, ++run);
        }

        return (defined, longest);
    }
}
