using System.Text;
using Hub.StockReports.Parsing;

namespace Hub.StockReports.Tests.Csv;

public sealed class when_a_large_csv_is_streamed : IDisposable
{
    private const int Rows = 200_000;

    private readonly TempReportFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void two_hundred_thousand_rows_read_from_a_forward_only_stream_without_buffering_the_file()
    {
        var path = Path.Combine(_folder.Root, "stock.csv");
        using (var writer = new StreamWriter(path, append: false, new UTF8Encoding(false)))
        {
            writer.Write("warehouse_code;sku;on_hand;description\r\n");
            for (var i = 1; i <= Rows; i++)
            {
                writer.Write($"DE-01;SKU-{i:D7};{i % 1000};\"Pump; model {i}, 200 W\"\r\n");
            }
        }
        var fileLength = new FileInfo(path).Length;

        using var stream = new ForwardOnlyStream(File.OpenRead(path));
        using var reader = TabularReaders.Open(stream, "stock.csv", new TabularReaderOptions());

        Assert.True(reader.TryReadRow(out var first));
        Assert.Equal(["DE-01", "SKU-0000001", "1", "Pump; model 1, 200 W"], first.Cells);
        Assert.True(stream.BytesRead < 512 * 1024, $"{stream.BytesRead} of {fileLength} bytes read for the first row");

        var count = 1;
        var last = first;
        while (reader.TryReadRow(out var row))
        {
            count++;
            last = row;
        }

        Assert.Equal(Rows, count);
        Assert.Equal(Rows + 1, last.RowNumber);
        Assert.Equal(["DE-01", $"SKU-{Rows:D7}", $"{Rows % 1000}", $"Pump; model {Rows}, 200 W"], last.Cells);
        Assert.Equal(fileLength, stream.BytesRead);
    }
}
