using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Hub.PartnerFeeds.Tests.Client.TestClients;

namespace Hub.PartnerFeeds.Tests.Client;

public sealed class when_the_client_options_are_wrong
{
    [Fact]
    public void the_defaults_are_valid()
    {
        using var services = Build(new()
        {
            ["Hub:Partners:Client:TotalTimeout"] = null, ["Hub:Partners:Client:AttemptTimeout"] = null,
            ["Hub:Partners:Client:RetryBaseDelay"] = null, ["Hub:Partners:Client:MaxRetryAfter"] = null,
            ["Hub:Partners:Client:CircuitMinimumThroughput"] = null, ["Hub:Partners:Client:CircuitBreakDuration"] = null,
        });

        services.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal(4, services.GetRequiredService<IOptions<Hub.PartnerFeeds.Client.PartnerClientOptions>>().Value.MaxRetryAttempts);
    }

    [Fact]
    public void start_fails_naming_each_bad_value()
    {
        using var services = Build(new()
        {
            ["Hub:Partners:Client:AttemptTimeout"] = "00:00:00.001",
            ["Hub:Partners:Client:MaxRetryAttempts"] = "11",
            ["Hub:Partners:Client:CircuitFailureRatio"] = "0",
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(error.Failures, f => f.Contains("Hub:Partners:Client:AttemptTimeout must be at least 10 ms"));
        Assert.Contains(error.Failures, f => f.Contains("Hub:Partners:Client:MaxRetryAttempts must be 0 to 10 (was 11)"));
        Assert.Contains(error.Failures, f => f.Contains("Hub:Partners:Client:CircuitFailureRatio must be in (0, 1]"));
        Assert.Equal(3, error.Failures.Count());
    }
}
