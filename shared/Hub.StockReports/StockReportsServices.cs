using Hub.Contracts;
using Hub.Core;
using Hub.Core.Retention;
using Hub.Core.Events;
using Hub.StockReports.Http;
using Hub.StockReports.Intake;
using Hub.StockReports.Processing;
using Hub.StockReports.Retention;
using Hub.StockReports.Running;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Hub.StockReports;

public static class StockReportsServices
{
    /// <summary>
    /// Intake, processing, the upload and re-run routes' logic, and the runner consumer's handler: a received report is run by
    /// a <c>run.requested</c> event through the bus in every host. Standalone adds <see cref="AddStockReportWorker"/>.
    /// </summary>
    public static IServiceCollection AddStockReports(this IServiceCollection services)
    {
        services.AddOptions<StockReportOptions>().BindConfiguration(StockReportOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<StockReportWorkFolder>();
        // A hosted service, so that what a killed run left is gone before any report runs again (consumers subscribe once
        // every hosted service has started).
        services.AddHostedService(sp => sp.GetRequiredService<StockReportWorkFolder>());
        services.AddSingleton<StockReportStatusStore>();
        services.AddSingleton<StockReportIntake>();
        services.AddSingleton<StockReportProcessor>();
        services.AddSingleton<StockReportBlobHandler>();
        services.AddSingleton<StockReportUploadEndpoint>();
        services.AddSingleton<StockReportRerunEndpoint>();
        services.AddSingleton<StockReportRunRequests>();
        services.TryAddSingleton<IStockReportScheduler>(sp => sp.GetRequiredService<StockReportRunRequests>());
        services.AddSingleton<StockReportRunHandler>();
        services.AddEventHandler<StockReportRunHandler>(Consumers.RunStockReport, (h, e, ct) => h.HandleAsync(e, ct));
        services.AddSingleton<StockReportSweep>();
        // Run by the host: a timer function in Azure, RetentionSweeps in Standalone (AddStockReportWorker).
        services.AddSingleton<StockReportRetention>();
        return services;
    }

    /// <summary>
    /// Standalone: the sweep runs on a timer, the inbox folder is watched, and work files go to <c>{DataPath}/work</c>.
    /// </summary>
    public static IServiceCollection AddStockReportWorker(this IServiceCollection services)
    {
        // Work files stay with the rest of Standalone's state, in one folder the hub owns.
        services.AddOptions<StockReportOptions>().PostConfigure<IOptions<HubOptions>>((options, hub) =>
        {
            if (string.IsNullOrEmpty(options.WorkPath)) options.WorkPath = Path.Combine(hub.Value.DataPath, "work");
        });
        services.AddHostedService<StockReportSweepService>();
        services.AddSingleton<StockReportInbox>();
        services.AddHostedService(sp => sp.GetRequiredService<StockReportInbox>());
        services.AddRetentionSweep<StockReportRetention>();
        return services;
    }
}
