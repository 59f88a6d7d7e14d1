using Hub.Core;
using Hub.Core.Retention;
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
    /// <summary>Intake, processing and the upload route's logic. The host adds how reports get run (<see cref="AddStockReportWorker"/> or the blob trigger).</summary>
    public static IServiceCollection AddStockReports(this IServiceCollection services)
    {
        services.AddOptions<StockReportOptions>().BindConfiguration(StockReportOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<StockReportWorkFolder>();
        // Before the runner starts, so that what a killed run left is gone before any report runs again.
        services.AddHostedService(sp => sp.GetRequiredService<StockReportWorkFolder>());
        services.AddSingleton<StockReportStatusStore>();
        services.AddSingleton<StockReportIntake>();
        services.AddSingleton<StockReportProcessor>();
        services.AddSingleton<StockReportBlobHandler>();
        services.AddSingleton<StockReportUploadEndpoint>();
        services.AddSingleton<StockReportRerunEndpoint>();
        services.TryAddSingleton<IStockReportScheduler, BlobTriggerRunsReports>();
        // Run by the host: a timer function in Azure, RetentionSweeps in Standalone (AddStockReportWorker).
        services.AddSingleton<StockReportRetention>();
        return services;
    }

    /// <summary>
    /// Standalone: a background worker runs reports (and resumes unfinished ones at start), the inbox folder is watched, and
    /// work files go to <c>{DataPath}/work</c>.
    /// </summary>
    public static IServiceCollection AddStockReportWorker(this IServiceCollection services)
    {
        // Work files stay with the rest of Standalone's state, in one folder the hub owns.
        services.AddOptions<StockReportOptions>().PostConfigure<IOptions<HubOptions>>((options, hub) =>
        {
            if (string.IsNullOrEmpty(options.WorkPath)) options.WorkPath = Path.Combine(hub.Value.DataPath, "work");
        });
        services.AddSingleton<BackgroundStockReportRunner>();
        services.Replace(ServiceDescriptor.Singleton<IStockReportScheduler>(sp => sp.GetRequiredService<BackgroundStockReportRunner>()));
        services.AddHostedService(sp => sp.GetRequiredService<BackgroundStockReportRunner>());
        services.AddSingleton<StockReportInbox>();
        services.AddHostedService(sp => sp.GetRequiredService<StockReportInbox>());
        services.AddRetentionSweep<StockReportRetention>();
        return services;
    }
}
