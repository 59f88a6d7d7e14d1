using Hub.Contracts.Stock;
using Hub.Core.Registry;
using Hub.Embedded.Blobs;
using Hub.Embedded.ReadStore;
using Hub.Embedded.Sqlite;
using Hub.StockReports;
using Hub.StockReports.Intake;
using Hub.StockReports.Processing;
using Hub.StockReports.Running;
using Hub.Testing.Events;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hub.StockReports.Tests.Processing;

/// <summary>
/// Intake and processing over the real embedded read store and file-system blobs in a temp folder; the bus records what
/// is published (the projection is another capability's, tested on its own), and the intake's run requests are only noted
/// (<see cref="Scheduled"/>): a test delivers a request to <see cref="RunHandler"/> itself, or finds it lost with <see cref="Sweep"/>.
/// </summary>
public sealed class StockReportHarness : IAsyncDisposable, IStockReportScheduler
{
    public const string OperatorId = "op-test";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"hub-stock-harness-{Guid.NewGuid():N}");
    private readonly SqliteWriter _writer;
    private readonly SqliteReaders _readers;

    public StockReportHarness(StockReportOptions? options = null, OperatorRegistration? op = null, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        var database = new SqliteDatabase(Path.Combine(_folder, "hub.db"));
        _writer = new SqliteWriter(database, NullLogger<SqliteWriter>.Instance);
        _readers = new SqliteReaders(database);
        Blobs = new FileSystemBlobStore(Path.Combine(_folder, "blobs"));
        ReadStore = new SqliteReadStore(database, _readers, _writer);
        Statuses = new StockReportStatusStore(ReadStore);
        Operator = op ?? new OperatorRegistration
        {
            Id = OperatorId,
            Warehouses = ["W1", "W2"],
            LowStockThresholds = new Dictionary<string, long> { ["*"] = 5, ["SPECIAL"] = 100 },
        };
        _operators = [Operator];
        Registry = new HubRegistry { Operators = _operators };
        var opts = Options.Create(options ?? new StockReportOptions { WorkPath = Path.Combine(_folder, "work") });
        opts.Value.WorkPath ??= Path.Combine(_folder, "work");
        WorkFolder = new StockReportWorkFolder(opts, NullLogger<StockReportWorkFolder>.Instance);
        Processor = new StockReportProcessor(Blobs, Bus, Statuses, Registry, WorkFolder, clock, opts, NullLogger<StockReportProcessor>.Instance);
        Intake = new StockReportIntake(Blobs, Statuses, this, clock, opts, NullLogger<StockReportIntake>.Instance);
        Requests = new StockReportRunRequests(Bus, clock, opts, NullLogger<StockReportRunRequests>.Instance);
        RunHandler = new StockReportRunHandler(Processor, Statuses, Requests, NullLogger<StockReportRunHandler>.Instance);
        Sweep = new StockReportSweep(Statuses, Requests, clock, opts, NullLogger<StockReportSweep>.Instance);
    }

    private readonly List<OperatorRegistration> _operators;

    public OperatorRegistration Operator { get; private set; }
    public HubRegistry Registry { get; }
    public FileSystemBlobStore Blobs { get; }
    public SqliteReadStore ReadStore { get; }
    public RecordingEventBus Bus { get; } = new();
    public StockReportStatusStore Statuses { get; }
    public StockReportProcessor Processor { get; }
    public StockReportIntake Intake { get; }
    /// <summary>The run requests as the hosts publish them, onto <see cref="Bus"/>.</summary>
    public StockReportRunRequests Requests { get; }
    public StockReportRunHandler RunHandler { get; }
    public StockReportSweep Sweep { get; }
    public StockReportWorkFolder WorkFolder { get; }
    public List<string> Scheduled { get; } = [];
    public string WorkPath => Path.Combine(_folder, "work");

    /// <summary>The operator's profile as an administrator's edit of the registry would leave it.</summary>
    public void ChangeOperator(Func<OperatorRegistration, OperatorRegistration> change) => _operators[0] = Operator = change(Operator);

    public ValueTask ScheduleAsync(StockReportStatus report, CancellationToken cancellationToken)
    {
        Scheduled.Add(report.ReportId);
        return ValueTask.CompletedTask;
    }

    /// <summary>Receives the bytes as an upload would and runs the report to its end.</summary>
    public async Task<StockReportStatus> RunAsync(string fileName, byte[] content)
    {
        var outcome = await Intake.ReceiveAsync(OperatorId, fileName, new MemoryStream(content), TestContext.Current.CancellationToken);
        return await Processor.RunAsync(OperatorId, outcome.Status.ReportId, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        _readers.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
