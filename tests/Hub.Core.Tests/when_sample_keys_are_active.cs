using Hub.Core.Auth;
using Hub.Core.Registry;
using Hub.Testing;
using Microsoft.Extensions.Configuration;

namespace Hub.Core.Tests;

public sealed class when_sample_keys_are_active
{
    private static readonly HubRegistry Seeds = RegistryLoader.Load(RepositoryPaths.SeedRegistry);

    [Theory]
    [InlineData("http://localhost:7071")]
    [InlineData("https://LOCALHOST:5001/")]
    [InlineData("http://127.0.0.1:0")]
    [InlineData("http://127.1.2.3:8080")]
    [InlineData("http://[::1]:7071")]
    [InlineData("localhost")]
    [InlineData("localhost:7071")]
    [InlineData("::1")]
    public void a_loopback_address_is_loopback(string address) => Assert.True(SampleCredentials.IsLoopback(address));

    [Theory]
    [InlineData("http://0.0.0.0:7071")]
    [InlineData("http://*:7071")]
    [InlineData("http://+:7071")]
    [InlineData("http://[::]:7071")]
    [InlineData("http://[::ffff:192.168.1.10]:7071")]
    [InlineData("http://192.168.1.10:7071")]
    [InlineData("http://[fe80::1]:7071")]
    [InlineData("http://hub.example.com:7071")]
    [InlineData("http://localhost.example.com:7071")]
    [InlineData("http://myhost:7071")]
    [InlineData("trade-hub.azurewebsites.net")]
    [InlineData("")]
    [InlineData("http://")]
    public void any_other_address_is_beyond_loopback(string address) => Assert.False(SampleCredentials.IsLoopback(address));

    [Fact]
    public void every_seed_key_and_platform_is_marked_as_a_sample()
    {
        Assert.All(Seeds.ApiKeys, k => Assert.True(k.Sample));
        Assert.All(Seeds.Platforms, p => Assert.True(p.Sample));
    }

    [Fact]
    public void a_hub_on_loopback_may_use_the_samples() =>
        Assert.Null(SampleCredentials.Refusal(Seeds, ["http://localhost:7071", "http://127.0.0.1:7072", "http://[::1]:7073"]));

    [Fact]
    public void a_hub_bound_beyond_loopback_refuses_the_samples_naming_them_and_how_to_make_real_keys()
    {
        var refusal = SampleCredentials.Refusal(Seeds, ["http://localhost:7071", "http://0.0.0.0:7071"]);

        Assert.NotNull(refusal);
        Assert.Contains("would listen on http://0.0.0.0:7071, beyond loopback", refusal);
        Assert.Contains("'sample admin' (admin)", refusal);
        Assert.Contains("'sample uk-fulfil' (operator:uk-fulfil)", refusal);
        Assert.Contains("'zj-industrial'", refusal);
        Assert.Contains("keys new --scope", refusal);
    }

    [Fact]
    public void a_hub_bound_beyond_loopback_starts_once_no_sample_is_active()
    {
        var real = Seeds with
        {
            ApiKeys = [.. Seeds.ApiKeys.Select(k => k with { Sample = false })],
            Platforms = [.. Seeds.Platforms.Select(p => p with { Sample = false })],
        };

        Assert.Null(SampleCredentials.Refusal(real, ["http://*:7071"]));
    }

    [Fact]
    public void one_sample_key_is_enough_to_refuse()
    {
        var oneSample = Seeds with
        {
            ApiKeys = [.. Seeds.ApiKeys.Select((k, i) => k with { Sample = i == 0 })],
            Platforms = [.. Seeds.Platforms.Select(p => p with { Sample = false })],
        };

        var refusal = SampleCredentials.Refusal(oneSample, ["http://+:7071"]);

        Assert.NotNull(refusal);
        Assert.Contains("'sample admin'", refusal);
        Assert.DoesNotContain("'sample reader'", refusal);
        Assert.DoesNotContain("platforms", refusal);
    }

    [Fact]
    public void a_new_key_is_random_prefixed_and_registered_by_its_hash()
    {
        Assert.True(KeyScope.TryParse("operator:uk-fulfil", out var scope));

        var first = NewApiKey.Create(scope);
        var second = NewApiKey.Create(scope);

        Assert.StartsWith(NewApiKey.Prefix, first.Key);
        Assert.Matches("^hub_[A-Za-z0-9_-]{43}$", first.Key);
        Assert.NotEqual(first.Key, second.Key);
        Assert.Equal(ApiKeyAuthenticator.Hash(first.Key), first.Registration.Sha256);
        Assert.Equal("operator:uk-fulfil", first.Registration.Scope);
        Assert.False(first.Registration.Sample);
    }

    [Theory]
    [InlineData("trade-hub-orders.azurewebsites.net", false)]
    [InlineData("localhost:7071", true)]
    [InlineData(null, true)]
    public async Task a_functions_app_in_azure_refuses_to_start_with_the_samples(string? websiteHostName, bool starts)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(websiteHostName is null ? [] : [new("WEBSITE_HOSTNAME", websiteHostName)])
            .Build();
        var check = new SampleCredentialCheck(Seeds, SampleCredentialCheck.FunctionsAppAddresses(configuration));

        var refusal = await Record.ExceptionAsync(() => check.StartAsync(TestContext.Current.CancellationToken));

        if (starts) Assert.Null(refusal);
        else Assert.Contains($"would listen on {websiteHostName}, beyond loopback", Assert.IsType<InvalidRegistryException>(refusal).Message);
    }
}
