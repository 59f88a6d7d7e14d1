namespace Hub.StockReports.Parsing;

/// <summary>Picks the reader for a stock report file by its extension.</summary>
public static class TabularReaders
{
    public static IReadOnlyList<string> AcceptedExtensions { get; } = [".csv", ".tsv", ".txt", ".xlsx", ".ndjson", ".jsonl"];

    /// <summary>
    /// A reader over <paramref name="content"/> (which may be non-seekable), chosen by <paramref name="fileName"/>'s extension:
    /// <c>.csv</c>/<c>.txt</c> delimited text, <c>.tsv</c> always tab-delimited, <c>.ndjson</c>/<c>.jsonl</c>, <c>.xlsx</c>.
    /// The caller keeps ownership of the stream. Throws <see cref="UnreadableReportException"/> for any other extension
    /// or when the file is structurally unreadable from the start.
    /// </summary>
    public static ITabularReader Open(Stream content, string fileName, TabularReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        return extension switch
        {
            ".csv" or ".txt" => CsvTabularReader.Open(content, options),
            ".tsv" => CsvTabularReader.Open(content, options with { Delimiter = '\t' }),
            ".ndjson" or ".jsonl" => NdjsonTabularReader.Open(content, options),
            ".xlsx" => XlsxTabularReader.Open(content, options),
            "" => throw new UnreadableReportException(
                $"the file name '{fileName}' has no extension; accepted: {string.Join(", ", AcceptedExtensions)}"),
            _ => throw new UnreadableReportException(
                $"'{extension}' files are not accepted; accepted: {string.Join(", ", AcceptedExtensions)}"),
        };
    }
}
