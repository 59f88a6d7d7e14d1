using System.Net.Sockets;
using Azure.Core;
using Azure.Storage.Blobs;

namespace Hub.Testing.Blobs;

/// <summary>
/// The Azurite the test command starts (<c>eng/with-azurite.sh</c>, which sets <c>HUB_TEST_AZURITE</c>); without the variable
/// the standard local development account on 127.0.0.1:10000 is assumed.
/// </summary>
public static class Azurite
{
    public const string Variable = "HUB_TEST_AZURITE";

    public const string DefaultConnectionString =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured ? configured : DefaultConnectionString;

    /// <summary>A client that gives up quickly: a test should fail in seconds, not in the SDK's default minutes of retries.</summary>
    public static BlobServiceClient CreateServiceClient() => new(ConnectionString, new BlobClientOptions
    {
        Retry = { MaxRetries = 2, Delay = TimeSpan.FromMilliseconds(200), Mode = RetryMode.Fixed, NetworkTimeout = TimeSpan.FromSeconds(30) },
    });

    /// <summary>Fails at once, saying how to start Azurite, when nothing listens at the endpoint.</summary>
    public static async Task EnsureReachableAsync(BlobServiceClient service, string testProject)
    {
        var endpoint = service.Uri;
        try
        {
            using var tcp = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            await tcp.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            throw new InvalidOperationException(
                $"Azurite is not reachable at {endpoint.Host}:{endpoint.Port} ({e.Message}). Run the tests through the README test " +
                $"command (bash eng/test.sh), or this project alone with bash eng/with-azurite.sh dotnet test {testProject}; " +
                $"both start Azurite and set {Variable}.", e);
        }
    }
}
