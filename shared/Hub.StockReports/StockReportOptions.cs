using System.ComponentModel.DataAnnotations;

namespace Hub.StockReports;

/// <summary>Section <c>Hub:StockReports</c>.</summary>
public sealed class StockReportOptions
{
    public const string SectionName = "Hub:StockReports";

    /// <summary>The largest file accepted, by upload or otherwise (docs/design.md: 256 MiB).</summary>
    [Range(1, long.MaxValue)] public long MaxFileBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// The largest <c>stock.reported</c> data, estimated before encoding. Service Bus Standard takes 256 KB per message,
    /// headers and the CloudEvent envelope included, so it may be up to 240 KB. The default keeps an encoded event under
    /// 64 KB, so that neither it nor the buffers that build it land on .NET's large object heap, which is only reclaimed
    /// by full collections: with 200 KB events a million-row report held some 90 MB more.
    /// </summary>
    [Range(1024, 240 * 1024)] public int MaxEventDataBytes { get; set; } = 56 * 1024;

    /// <summary>How often a running report's status shows its progress, in rows read.</summary>
    [Range(1, int.MaxValue)] public int ProgressEveryRows { get; set; } = 100_000;

    /// <summary>
    /// Where running reports keep their work files (sorted lines, errors, a spooled XLSX), which are cleared at start; when empty,
    /// <c>{DataPath}/work</c> in Standalone and <c>hub-stock-reports</c> in the temp folder elsewhere.
    /// </summary>
    public string? WorkPath { get; set; }

    /// <summary>
    /// How far ahead of the hub's clock a row's <c>as_of</c> may be (clock skew between the operator's systems and the hub);
    /// a row dated further ahead is refused, since its level would stand against every report until that date.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")] public TimeSpan MaxAsOfAhead { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Standalone: the folder watched for dropped files, <c>{inbox}/{operatorId}/{file}</c>; <c>{DataPath}/inbox</c> when empty.</summary>
    public string? InboxPath { get; set; }

    /// <summary>Standalone: how often the inbox is looked at.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")] public TimeSpan InboxPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The pause before a report that failed on a fault of the hub runs again; each further retry waits 4 times longer.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")] public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Standalone: how often the sweep looks for reports whose run request was lost (Azure: the SweepStockReports timer).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")] public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long past its due time a report may stand still before the sweep requests it again: a request published at once
    /// is normally running by then, so the sweep does not race the ordinary path.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")] public TimeSpan SweepAfter { get; set; } = TimeSpan.FromMinutes(2);
}
