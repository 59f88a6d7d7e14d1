using Hub.Azure.Blobs;
using Hub.Core.Storage;
using Hub.Testing.Contracts;

namespace Hub.Azure.Tests.Blobs;

public sealed class AzureBlobStoreTests(AzuriteFixture azurite) : BlobStoreContract, IClassFixture<AzuriteFixture>
{
    protected override IBlobStore Store { get; } = new AzureBlobStore(azurite.Service);

    protected override string Container => azurite.ContainerName;

    [Fact]
    public async Task the_container_is_created_on_first_upload_and_again_after_it_was_deleted()
    {
        var container = $"hub-recreated-{Guid.NewGuid():N}"[..30];
        try
        {
            await Store.UploadAsync(container, "first.txt", Text("one"), Ct);
            await azurite.Service.GetBlobContainerClient(container).DeleteAsync(cancellationToken: Ct);
            // Container deletion is asynchronous on the service; Azurite completes it at once.
            await Store.UploadAsync(container, "second.txt", Text("two"), Ct);

            Assert.Equal(["second.txt"], (await ListAsync(container, null)).Select(b => b.Name));
        }
        finally
        {
            await azurite.Service.GetBlobContainerClient(container).DeleteIfExistsAsync(cancellationToken: Ct);
        }
    }
}
