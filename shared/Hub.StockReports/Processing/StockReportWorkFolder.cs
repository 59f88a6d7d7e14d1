using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hub.StockReports.Processing;

/// <summary>
/// The one folder where running reports keep their work files (sorted runs, errors.csv as it is written, an XLSX spooled
/// to disk); the work files in it are cleared when the host starts.
/// </summary>
/// <remarks>
/// Work files delete themselves when a run ends, but not when the process is killed; what a killed run left is of no use
/// to the next (a report left unfinished starts over), so it is cleared before any report runs. Standalone keeps the
/// folder under its data folder; elsewhere it is <c>hub-stock-reports</c> in the machine's temp folder.
/// </remarks>
public sealed class StockReportWorkFolder(IOptions<StockReportOptions> options, ILogger<StockReportWorkFolder> logger) : IHostedService
{
    public string Path { get; } = string.IsNullOrEmpty(options.Value.WorkPath)
        ? System.IO.Path.Combine(System.IO.Path.GetTempPath(), "hub-stock-reports")
        : options.Value.WorkPath;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        ClearLeftovers();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The names of work files: sorted runs (<see cref="StockLineSpill"/>), errors.csv being written, an XLSX spooled by
    /// <see cref="Parsing.XlsxTabularReader"/>. Only these are cleared, so that a folder set to one shared with other files
    /// loses nothing else.
    /// </summary>
    public static IReadOnlyList<string> WorkFilePatterns { get; } = ["spill-*.bin", "*.errors.csv", "hub-xlsx-*.tmp"];

    /// <summary>Deletes the work files the folder holds; call only while no report runs.</summary>
    public int ClearLeftovers()
    {
        if (!Directory.Exists(Path)) return 0;
        var cleared = 0;
        foreach (var file in WorkFilePatterns.SelectMany(pattern => Directory.EnumerateFiles(Path, pattern)).Distinct().ToList())
        {
            try
            {
                File.Delete(file);
                cleared++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(e, "Work file {Path} left by an earlier run could not be deleted", file);
            }
        }

        if (cleared > 0) logger.LogInformation("Cleared {Count} work files left in {Folder} by an earlier run", cleared, Path);
        return cleared;
    }
}
