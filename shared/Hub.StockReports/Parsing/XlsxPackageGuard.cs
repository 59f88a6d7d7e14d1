using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

namespace Hub.StockReports.Parsing;

/// <summary>
/// Looks at an XLSX file's zip structure before anything is inflated: what it is, and what its central directory
/// says the parts would inflate to. .NET's inflater stops at an entry's declared size, so these sums are real bounds.
/// </summary>
internal static class XlsxPackageGuard
{
    private const long AbsurdEntryBytes = 100L * 1024 * 1024;
    private const double AbsurdRatio = 200;

    /// <summary>The most a part read whole (into objects, not streamed) may inflate to: the content types, relationships, workbook and styles.</summary>
    public const long MaxWholePartBytes = 32L * 1024 * 1024;

    /// <summary>The most parts a workbook may have: the central directory is read into one object per part.</summary>
    public const int MaxParts = 10_000;

    public static void Inspect(Stream seekable, long maxUncompressedBytes)
    {
        RefuseWhatIsNotAZip(seekable);
        RefuseTooManyParts(seekable);
        seekable.Position = 0;
        try
        {
            using var zip = new ZipArchive(seekable, ZipArchiveMode.Read, leaveOpen: true);
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                if (entry.Length > AbsurdEntryBytes && entry.Length > Math.Max(entry.CompressedLength, 1) * AbsurdRatio)
                {
                    throw new UnreadableReportException(string.Create(CultureInfo.InvariantCulture,
                        $"the XLSX part '{entry.FullName}' would inflate from {entry.CompressedLength:N0} to {entry.Length:N0} bytes, a compression ratio no real workbook has (a zip bomb)"));
                }

                if (entry.Length > MaxWholePartBytes && IsReadWhole(entry.FullName))
                {
                    throw new UnreadableReportException(string.Create(CultureInfo.InvariantCulture,
                        $"the XLSX part '{entry.FullName}' would inflate to {entry.Length:N0} bytes, more than the {MaxWholePartBytes:N0} bytes such a part may have"));
                }

                total = entry.Length > long.MaxValue - total ? long.MaxValue : total + entry.Length;
            }

            if (total > maxUncompressedBytes)
            {
                throw new UnreadableReportException(string.Create(CultureInfo.InvariantCulture,
                    $"the XLSX file would inflate to {total:N0} bytes, more than the {maxUncompressedBytes:N0} bytes allowed"));
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            throw new UnreadableReportException("the XLSX file is truncated or corrupt", ex);
        }
        finally
        {
            seekable.Position = 0;
        }
    }

    private static bool IsReadWhole(string name) =>
        name.EndsWith(".rels", StringComparison.OrdinalIgnoreCase)
        || name.Equals("[Content_Types].xml", StringComparison.OrdinalIgnoreCase)
        || Path.GetFileName(name).Equals("workbook.xml", StringComparison.OrdinalIgnoreCase)
        || Path.GetFileName(name).Equals("styles.xml", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the part count from the end-of-central-directory record, before the archive reads one entry per part.</summary>
    private static void RefuseTooManyParts(Stream seekable)
    {
        const int RecordLength = 22;
        var tail = new byte[(int)Math.Min(seekable.Length, RecordLength + ushort.MaxValue)];
        seekable.Position = seekable.Length - tail.Length;
        seekable.ReadExactly(tail);
        for (var i = tail.Length - RecordLength; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) == 0x06054b50)
            {
                // 0xFFFF says the count is in a ZIP64 record: more parts than any workbook has, so refused as well.
                var parts = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(i + 10));
                if (parts > MaxParts)
                {
                    throw new UnreadableReportException(string.Create(CultureInfo.InvariantCulture,
                        $"the XLSX file has {(parts == ushort.MaxValue ? "at least 65,535" : $"{parts:N0}")} parts, more than the {MaxParts:N0} a workbook may have"));
                }

                return;
            }
        }
    }

    private static void RefuseWhatIsNotAZip(Stream seekable)
    {
        Span<byte> signature = stackalloc byte[4];
        seekable.Position = 0;
        var length = seekable.ReadAtLeast(signature, signature.Length, throwOnEndOfStream: false);

        if (length == 4 && signature is [0x50, 0x4B, 0x03 or 0x05, 0x04 or 0x06])
        {
            return;
        }

        if (length == 4 && signature is [0xD0, 0xCF, 0x11, 0xE0])
        {
            throw new UnreadableReportException(
                "the file is a legacy Excel 97-2003 (.xls) or a password-protected workbook, not an XLSX; save it as .xlsx without a password");
        }

        throw new UnreadableReportException("the file is not an XLSX workbook: it is not a zip archive");
    }
}
