using Hub.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hub.Core.Tests;

public sealed class when_retention_is_configured
{
    private static RetentionOptions Bind(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddHubCore();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<RetentionOptions>>().Value;
    }

    [Fact]
    public void the_defaults_are_thirty_days_of_delivery_ids_and_uploads_ninety_of_results_fourteen_of_dead_letters_swept_every_ten_minutes()
    {
        var options = Bind();

        Assert.Equal(TimeSpan.FromDays(30), options.DeliveryIds);
        Assert.Equal(TimeSpan.FromDays(30), options.Uploads);
        Assert.Equal(TimeSpan.FromDays(90), options.ReportResults);
        Assert.Equal(TimeSpan.FromDays(14), options.DeadLetters);
        Assert.Equal(TimeSpan.FromMinutes(10), options.SweepInterval);
    }

    [Fact]
    public void the_settings_a_soak_run_passes_on_the_command_line_are_read()
    {
        var options = Bind(
            ("Hub:Retention:DeliveryIds", "00:02:00"), ("Hub:Retention:Uploads", "00:02:00"), ("Hub:Retention:ReportResults", "00:02:00"),
            ("Hub:Retention:DeadLetters", "00:02:00"), ("Hub:Retention:SweepInterval", "00:00:15"));

        Assert.All(options.Windows(), w => Assert.Equal(TimeSpan.FromMinutes(2), w.Window));
        Assert.Equal(TimeSpan.FromSeconds(15), options.SweepInterval);
    }

    [Fact]
    public void a_sweep_interval_not_shorter_than_a_window_is_refused_naming_both_settings()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(("Hub:Retention:DeadLetters", "00:10:00")));

        Assert.Contains("Hub:Retention:SweepInterval (00:10:00) must be shorter than DeadLetters (00:10:00)", error.Message);
    }

    [Fact]
    public void a_window_of_zero_or_less_is_refused()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(("Hub:Retention:Uploads", "-00:01:00")));

        Assert.Contains("Hub:Retention:Uploads must be positive", error.Message);
    }
}
