using Azure.Storage.Blobs;
using Hub.Testing.Blobs;

namespace Hub.Azure.Tests.Blobs;

/// <summary>
/// A blob container of its own on Azurite for one test class, deleted afterwards. Azurite is started by
/// <c>eng/with-azurite.sh</c>, which sets <c>HUB_TEST_AZURITE</c>; without it the standard local account is assumed.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public string ContainerName { get; } = $"hub-tests-{Guid.NewGuid():N}";

    public BlobServiceClient Service { get; } = Azurite.CreateServiceClient();

    public ValueTask InitializeAsync() => new(Azurite.EnsureReachableAsync(Service, "tests/Hub.Azure.Tests"));

    public async ValueTask DisposeAsync()
    {
        await Service.GetBlobContainerClient(ContainerName).DeleteIfExistsAsync();
    }
}
