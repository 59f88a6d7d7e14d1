using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hub.Core.Tests;

/// <summary>
/// The logging defaults both hosts add, on a host with no appsettings.json (as in a published build): the hub's own
/// events at Information, ASP.NET Core's per-request lines at Warning, and any configuration source overrides them.
/// </summary>
public sealed class when_the_hub_logs_at_its_defaults : IDisposable
{
    private readonly DirectoryInfo _contentRoot = Directory.CreateTempSubdirectory("hub-logging-");

    private ILoggerFactory Loggers(params string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = _contentRoot.FullName });
        builder.AddHubLogging();
        return builder.Build().Services.GetRequiredService<ILoggerFactory>();
    }

    [Fact]
    public void the_hub_logs_at_information_and_aspnet_core_at_warning()
    {
        var loggers = Loggers();

        Assert.True(loggers.CreateLogger("Hub.StockReports.Processing.StockReportProcessor").IsEnabled(LogLevel.Information));
        Assert.False(loggers.CreateLogger("Hub.Orders.Webhooks.OrderWebhookHandler").IsEnabled(LogLevel.Debug));
        Assert.True(loggers.CreateLogger("Microsoft.Hosting.Lifetime").IsEnabled(LogLevel.Information));
        Assert.False(loggers.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));
        Assert.True(loggers.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Warning));
    }

    [Fact]
    public void the_documented_setting_turns_aspnet_core_request_lines_back_on()
    {
        var loggers = Loggers("--Logging:LogLevel:Microsoft.AspNetCore=Information");

        Assert.True(loggers.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public void an_appsettings_file_overrides_a_default()
    {
        File.WriteAllText(Path.Combine(_contentRoot.FullName, "appsettings.json"), """{ "Logging": { "LogLevel": { "Hub": "Debug" } } }""");

        var loggers = Loggers();

        Assert.True(loggers.CreateLogger("Hub.Orders.Webhooks.OrderWebhookHandler").IsEnabled(LogLevel.Debug));
    }

    public void Dispose() => _contentRoot.Delete(recursive: true);
}
