using Hub.Testing;

namespace Hub.EndToEnd.Tests;

/// <summary>A Standalone process for stock report tests, with a 1 MiB file limit so that "too large" is cheap to show.</summary>
public sealed class StockReportFixture : IAsyncLifetime
{
    public const long MaxFileBytes = 1024 * 1024;

    public string DataPath { get; } = Path.Combine(Path.GetTempPath(), "hub-stock-" + Guid.NewGuid().ToString("N"));
    public StandaloneProcess Host { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public StockReportClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Host = await StandaloneProcess.StartAsync(DataPath, settings: new Dictionary<string, string>
        {
            ["Hub:StockReports:MaxFileBytes"] = MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Hub:StockReports:InboxPollInterval"] = "00:00:00.100",
        });
        Http = Host.CreateClient();
        Client = new StockReportClient(Http);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        try { Directory.Delete(DataPath, recursive: true); } catch (IOException) { }
    }
}
