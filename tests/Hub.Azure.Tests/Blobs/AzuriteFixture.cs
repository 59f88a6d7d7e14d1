using System.Net.Sockets;
using Azure.Core;
using Azure.Storage.Blobs;

namespace Hub.Azure.Tests.Blobs;

/// <summary>
/// A blob container of its own on Azurite for one test class, deleted afterwards. Azurite is started by
/// <c>eng/with-azurite.sh</c>, which sets <c>HUB_TEST_AZURITE</c>; without it the standard local account is assumed.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string Variable = "HUB_TEST_AZURITE";

    public const string DefaultConnectionString =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;";

    public string ContainerName { get; } = $"hub-tests-{Guid.NewGuid():N}";

    public BlobServiceClient Service { get; } = new(
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured ? configured : DefaultConnectionString,
        new BlobClientOptions
        {
            Retry = { MaxRetries = 2, Delay = TimeSpan.FromMilliseconds(200), Mode = RetryMode.Fixed, NetworkTimeout = TimeSpan.FromSeconds(30) },
        });

    public async ValueTask InitializeAsync()
    {
        var endpoint = Service.Uri;
        try
        {
            using var tcp = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            await tcp.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            throw new InvalidOperationException(
                $"Azurite is not reachable at {endpoint.Host}:{endpoint.Port} ({e.Message}). Run the tests through the README test " +
                "command (bash eng/test.sh), or this project alone with bash eng/with-azurite.sh dotnet test tests/Hub.Azure.Tests; " +
                "both start Azurite and set HUB_TEST_AZURITE.", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Service.GetBlobContainerClient(ContainerName).DeleteIfExistsAsync();
    }
}
