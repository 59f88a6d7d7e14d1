using Hub.StockReports.Http;
using Hub.StockReports.Intake;
using Hub.StockReports.Processing;
using Hub.StockReports.Running;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Hub.StockReports;

public static class StockReportsServices
{
    /// <summary>Intake, processing and the upload route's logic. The host adds how reports get run (<see cref="AddStockReportWorker"/> or the blob trigger).</summary>
    public static IServiceCollection AddStockReports(this IServiceCollection services)
    {
        services.AddOptions<StockReportOptions>().BindConfiguration(StockReportOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<StockReportStatusStore>();
        services.AddSingleton<StockReportIntake>();
        services.AddSingleton<StockReportProcessor>();
        services.AddSingleton<StockReportBlobHandler>();
        services.AddSingleton<StockReportUploadEndpoint>();
        services.TryAddSingleton<IStockReportScheduler, BlobTriggerRunsReports>();
        return services;
    }

    /// <summary>Standalone: a background worker runs reports (and resumes unfinished ones at start), and the inbox folder is watched.</summary>
    public static IServiceCollection AddStockReportWorker(this IServiceCollection services)
    {
        services.AddSingleton<BackgroundStockReportRunner>();
        services.Replace(ServiceDescriptor.Singleton<IStockReportScheduler>(sp => sp.GetRequiredService<BackgroundStockReportRunner>()));
        services.AddHostedService(sp => sp.GetRequiredService<BackgroundStockReportRunner>());
        services.AddSingleton<StockReportInbox>();
        services.AddHostedService(sp => sp.GetRequiredService<StockReportInbox>());
        return services;
    }
}
