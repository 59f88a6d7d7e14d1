using System.Text;
using Hub.StockReports.Parsing;

namespace Hub.StockReports.Tests.Csv;

/// <summary>Report files written byte for byte to a fresh temp folder, read back through <see cref="TabularReaders"/>.</summary>
public sealed class TempReportFolder : IDisposable
{
    static TempReportFolder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "hub-stock-reports-tests", Guid.NewGuid().ToString("N"));

    public TempReportFolder() => Directory.CreateDirectory(Root);

    public static Encoding Gb18030 => Encoding.GetEncoding("gb18030");

    public static Encoding ShiftJis => Encoding.GetEncoding("shift_jis");

    public string Write(string fileName, byte[] bytes)
    {
        var path = Path.Combine(Root, fileName);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Writes <paramref name="text"/> exactly, line endings included, without a byte order mark.</summary>
    public string Write(string fileName, string text, Encoding? encoding = null) =>
        Write(fileName, (encoding ?? Encoding.UTF8).GetBytes(text));

    public ReadReport Read(string fileName, TabularReaderOptions? options = null)
    {
        using var stream = File.OpenRead(Path.Combine(Root, fileName));
        using var reader = TabularReaders.Open(stream, fileName, options ?? new TabularReaderOptions());
        var rows = new List<TabularRow>();
        while (reader.TryReadRow(out var row))
        {
            rows.Add(row);
        }
        return new ReadReport([.. reader.Header], rows);
    }

    public ReadReport Read(string fileName, string text, TabularReaderOptions? options = null)
    {
        Write(fileName, text);
        return Read(fileName, options);
    }

    public UnreadableReportException Unreadable(string fileName, TabularReaderOptions? options = null) =>
        Assert.Throws<UnreadableReportException>(() => Read(fileName, options));

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

public sealed record ReadReport(string[] Header, List<TabularRow> Rows)
{
    public string?[] Cells(int row) => Rows[row].Cells;

    public long[] RowNumbers => [.. Rows.Select(r => r.RowNumber)];
}
