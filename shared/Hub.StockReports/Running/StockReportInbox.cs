using Hub.Core;
using Hub.Core.Registry;
using Hub.StockReports.Intake;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hub.StockReports.Running;

/// <summary>
/// Standalone's inbox: a file dropped into <c>{inbox}/{operatorId}/</c> is taken in as if uploaded, then removed.
/// A file the hub cannot take (a refused name or format, a folder named for no registered operator) is moved to
/// <c>{inbox}/{folder}/.refused/</c> with a note why.
/// </summary>
/// <remarks>
/// A file still being written must not be read half-way: names starting with '.' are skipped (write under such a name and
/// rename when done), and other files are taken only once their size and time have stood still for one poll.
/// A crash between storing the file and removing it means it is taken again next time, and recognised by its bytes.
/// </remarks>
public sealed class StockReportInbox(
    StockReportIntake intake, HubRegistry registry, IOptions<StockReportOptions> options, IOptions<HubOptions> hub, ILogger<StockReportInbox> logger)
    : BackgroundService
{
    private readonly Dictionary<string, (long Length, DateTime Written)> _lastSeen = new(StringComparer.Ordinal);

    public string Folder { get; } = string.IsNullOrEmpty(options.Value.InboxPath) ? Path.Combine(hub.Value.DataPath, "inbox") : options.Value.InboxPath;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var op in registry.Operators) Directory.CreateDirectory(Path.Combine(Folder, op.Id));
        logger.LogInformation("Stock report inbox: {Folder}/<operatorId>/", Path.GetFullPath(Folder));
        using var timer = new PeriodicTimer(options.Value.InboxPollInterval);
        do
        {
            try
            {
                await ScanOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "The stock report inbox could not be scanned");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>Takes in every file that has stood still since the last scan; returns how many.</summary>
    public async Task<int> ScanOnceAsync(CancellationToken cancellationToken)
    {
        var taken = 0;
        var present = new HashSet<string>(StringComparer.Ordinal);
        if (!Directory.Exists(Folder)) return 0;
        foreach (var folder in Directory.EnumerateDirectories(Folder).Order(StringComparer.Ordinal))
        {
            var operatorId = Path.GetFileName(folder);
            if (operatorId.StartsWith('.')) continue;
            foreach (var path in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
            {
                var fileName = Path.GetFileName(path);
                if (fileName.StartsWith('.')) continue;
                present.Add(path);
                var file = new FileInfo(path);
                var now = (file.Length, file.LastWriteTimeUtc);
                if (!_lastSeen.TryGetValue(path, out var before) || before != now)
                {
                    _lastSeen[path] = now;
                    continue;
                }

                if (await TakeAsync(operatorId, path, fileName, cancellationToken).ConfigureAwait(false)) taken++;
                _lastSeen.Remove(path);
            }
        }

        foreach (var gone in _lastSeen.Keys.Where(p => !present.Contains(p)).ToList()) _lastSeen.Remove(gone);
        return taken;
    }

    private async Task<bool> TakeAsync(string operatorId, string path, string fileName, CancellationToken cancellationToken)
    {
        var problem = registry.FindOperator(operatorId) is null
            ? $"no operator '{operatorId}' is registered; put the file in the folder named for its operator's id"
            : ReportFileNames.Problem(fileName) ?? ReportFileNames.FormatProblem(fileName);
        if (problem is not null)
        {
            Refuse(operatorId, path, fileName, problem);
            return false;
        }

        try
        {
            await using (var content = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
            {
                var outcome = await intake.ReceiveAsync(operatorId, fileName, content, cancellationToken).ConfigureAwait(false);
                logger.LogInformation("Inbox file {Path}: report {ReportId} {How}", path, outcome.Status.ReportId,
                    outcome.Duplicate ? "(the same bytes were received before)" : "received");
            }
            File.Delete(path);
            return true;
        }
        catch (ReportTooLargeException e)
        {
            Refuse(operatorId, path, fileName, e.Message);
            return false;
        }
    }

    private void Refuse(string operatorId, string path, string fileName, string reason)
    {
        var refused = Path.Combine(Folder, operatorId, ".refused");
        Directory.CreateDirectory(refused);
        var target = Path.Combine(refused, fileName);
        File.Move(path, target, overwrite: true);
        // Written aside and renamed, so that whoever watches for the note never reads it half-written.
        File.WriteAllText(target + ".reason.tmp", reason + Environment.NewLine);
        File.Move(target + ".reason.tmp", target + ".reason.txt", overwrite: true);
        logger.LogWarning("Inbox file {Path} refused: {Reason}", path, reason);
    }
}
