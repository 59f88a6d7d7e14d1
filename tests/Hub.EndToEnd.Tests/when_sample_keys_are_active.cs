using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hub.Testing;

namespace Hub.EndToEnd.Tests;

/// <summary>The real Standalone with the sample registry: it refuses any address beyond loopback, and makes real keys.</summary>
public sealed class when_sample_keys_are_active
{
    [Fact]
    public async Task a_hub_bound_beyond_loopback_refuses_to_start()
    {
        var port = FreeLoopbackPort();
        var data = Directory.CreateTempSubdirectory("hub-sample-keys-");
        try
        {
            // The refusal comes before Kestrel binds, so 0.0.0.0 is never actually listened on.
            var run = await StandaloneCommand.RunAsync(
                ["--urls", $"http://0.0.0.0:{port}", "--registry", RepositoryPaths.SeedRegistry, "--data", data.FullName]);

            Assert.NotEqual(0, run.ExitCode);
            Assert.Contains($"Refusing to start: the hub would listen on http://0.0.0.0:{port}, beyond loopback", run.Error);
            Assert.Contains("'sample admin' (admin)", run.Error);
            Assert.Contains("keys new --scope", run.Error);
            Assert.DoesNotContain("Now listening", run.Output + run.Error);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task keys_new_prints_a_key_and_the_registry_entry_holding_its_hash()
    {
        var run = await StandaloneCommand.RunAsync(["keys", "new", "--scope", "operator:uk-fulfil"]);

        Assert.Equal(0, run.ExitCode);
        var key = Assert.Single(run.Output.Split('\n'), l => l.StartsWith("hub_", StringComparison.Ordinal)).Trim();
        Assert.Matches("^hub_[A-Za-z0-9_-]{43}$", key);
        var entry = JsonDocument.Parse(run.Output[run.Output.IndexOf('{')..]).RootElement;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))), entry.GetProperty("sha256").GetString());
        Assert.Equal("operator:uk-fulfil", entry.GetProperty("scope").GetString());
        Assert.Equal("operator:uk-fulfil", entry.GetProperty("name").GetString());
    }

    [Fact]
    public async Task keys_new_refuses_an_unknown_scope()
    {
        var run = await StandaloneCommand.RunAsync(["keys", "new", "--scope", "king"]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("Unknown scope 'king'", run.Error);
        Assert.Empty(run.Output);
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
