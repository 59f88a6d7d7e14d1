using Hub.Testing;

namespace Hub.EndToEnd.Tests;

/// <summary>
/// One Standalone process on a fresh data folder, shared by a test class; the hub's own lines at Debug, so that tests
/// can follow one webhook through the logs (by default a webhook that is accepted logs nothing).
/// </summary>
public sealed class StandaloneFixture : IAsyncLifetime
{
    public string DataPath { get; } = Path.Combine(Path.GetTempPath(), "hub-e2e-" + Guid.NewGuid().ToString("N"));
    public StandaloneProcess Host { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public OrderWebhookClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Host = await StandaloneProcess.StartAsync(DataPath, settings: new Dictionary<string, string> { ["Logging:LogLevel:Hub"] = "Debug" });
        Http = Host.CreateClient();
        Client = new OrderWebhookClient(Http);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        try { Directory.Delete(DataPath, recursive: true); } catch (IOException) { }
    }
}
