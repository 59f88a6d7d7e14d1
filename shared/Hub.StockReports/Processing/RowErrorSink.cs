using Hub.Contracts.Stock;
using Hub.StockReports.Errors;
using Hub.StockReports.Rows;

namespace Hub.StockReports.Processing;

/// <summary>
/// Where a running report's refused rows go: every error into a work copy of errors.csv (streamed, never held), the first
/// <see cref="StockReportStatuses.MaxListedErrors"/> into the status (each cut to <see cref="MaxListedText"/> characters),
/// and a count of the rows refused: what it holds does not grow with the file.
/// </summary>
internal sealed class RowErrorSink : IAsyncDisposable
{
    private readonly FileStream _file;
    private readonly StreamWriter _writer;
    public const int MaxListedText = 300;

    private readonly List<StockRowErrorView> _first = [];

    public RowErrorSink(string path)
    {
        Path = path;
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        _writer = RowErrorsCsv.Open(_file);
    }

    public string Path { get; }
    public long RejectedRows { get; private set; }
    public IReadOnlyList<StockRowErrorView> First => _first;

    /// <summary>Refuses one row with every error found in it.</summary>
    public void Reject(IReadOnlyList<RowError> errors)
    {
        RejectedRows++;
        foreach (var error in errors)
        {
            RowErrorsCsv.Write(_writer, error);
            if (_first.Count < StockReportStatuses.MaxListedErrors)
                _first.Add(new StockRowErrorView(error.Row, error.Column, Shortened(error.Value), Shortened(error.Message)!));
        }
    }

    public void Reject(RowError error) => Reject([error]);

    /// <summary>The status holds a hundred errors; cut, each stays small whatever a cell held (errors.csv has it whole).</summary>
    private static string? Shortened(string? text) =>
        text is { Length: > MaxListedText } ? string.Concat(text.AsSpan(0, MaxListedText), "…") : text;

    /// <summary>Everything written so far, on disk.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        await _file.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _file.DisposeAsync().ConfigureAwait(false);
    }
}
