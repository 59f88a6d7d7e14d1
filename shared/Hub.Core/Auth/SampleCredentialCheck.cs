using Hub.Core.Registry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hub.Core.Auth;

/// <summary>
/// <see cref="SampleCredentials.Refusal"/> as a start-up step, for hosts that do not bind their own addresses (the
/// Functions apps): a refusal fails the host's start, so the app never serves with the published samples.
/// </summary>
public sealed class SampleCredentialCheck(HubRegistry registry, IReadOnlyList<string> addresses) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        SampleCredentials.Refusal(registry, addresses) is { } refusal ? throw new InvalidRegistryException(refusal) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// A Functions app's address: <c>WEBSITE_HOSTNAME</c>, which Azure sets to the app's host name and Core Tools to
    /// <c>localhost:7071</c>, so local runs keep the samples and Azure refuses them. Absent, the app is hosted by
    /// something else (a test composing it), which has no address to judge.
    /// </summary>
    public static IReadOnlyList<string> FunctionsAppAddresses(IConfiguration configuration) =>
        configuration["WEBSITE_HOSTNAME"] is { Length: > 0 } host ? [host] : [];
}

public static class SampleCredentialCheckServices
{
    public static IServiceCollection AddSampleCredentialCheck(this IServiceCollection services, Func<IConfiguration, IReadOnlyList<string>> addresses) =>
        services.AddHostedService(sp => new SampleCredentialCheck(sp.GetRequiredService<HubRegistry>(), addresses(sp.GetRequiredService<IConfiguration>())));
}
