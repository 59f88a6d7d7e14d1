using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Hub.Core.Storage;

namespace Hub.Azure.Blobs;

/// <summary>
/// Blob Storage (or Azurite). Containers are created on first upload. Uploads are streamed in blocks of
/// <see cref="BlockSize"/>, committed only when the whole stream is in, so a blob appears whole or not at all.
/// </summary>
public sealed partial class AzureBlobStore(BlobServiceClient service) : IBlobStore
{
    /// <summary>Upload block size; at most <see cref="UploadConcurrency"/> blocks are held in memory per upload.</summary>
    public const int BlockSize = 4 * 1024 * 1024;

    public const int UploadConcurrency = 4;

    private static readonly StorageTransferOptions Transfer = new()
    {
        // Without these the SDK buffers up to 256 MiB of a stream of unknown length before its first request.
        InitialTransferSize = BlockSize,
        MaximumTransferSize = BlockSize,
        MaximumConcurrency = UploadConcurrency,
    };

    private readonly ConcurrentDictionary<string, Lazy<Task>> _created = new(StringComparer.Ordinal);

    public async Task<BlobItemInfo> UploadAsync(string container, string name, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var blob = Blob(container, name);
        long? knownLength = content.CanSeek ? content.Length - content.Position : null;
        var counted = knownLength is null ? new CountingStream(content) : null;

        await EnsureContainerAsync(blob.BlobContainerName, cancellationToken);
        var options = new BlobUploadOptions { TransferOptions = Transfer };
        Response<BlobContentInfo> response;
        try
        {
            response = await blob.UploadAsync(counted ?? content, options, cancellationToken);
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.ContainerNotFound && counted is null or { BytesRead: 0 })
        {
            // Deleted since we created it: create it again, once.
            _created.TryRemove(blob.BlobContainerName, out _);
            await EnsureContainerAsync(blob.BlobContainerName, cancellationToken);
            if (content.CanSeek) content.Position = content.Length - knownLength!.Value;
            response = await blob.UploadAsync(counted ?? content, options, cancellationToken);
        }
        return new BlobItemInfo(container, name, knownLength ?? counted!.BytesRead, response.Value.LastModified);
    }

    public async Task<Stream?> OpenReadAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        var blob = Blob(container, name);
        try
        {
            // allowModifications: false pins the version opened: a concurrent overwrite fails the read instead of mixing blobs.
            return await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<BlobItemInfo?> GetInfoAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        var blob = Blob(container, name);
        try
        {
            var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            return new BlobItemInfo(container, name, properties.ContentLength, properties.LastModified);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<bool> DeleteAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        var blob = Blob(container, name);
        try
        {
            return (await blob.DeleteIfExistsAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    public async IAsyncEnumerable<BlobItemInfo> ListAsync(string container, string? prefix = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var client = Container(container);
        if (prefix is not null && (prefix.Any(char.IsControl) || prefix.Contains('\\') || prefix.StartsWith('/')))
            throw new ArgumentException($"Blob prefix '{prefix}' is not a relative path.", nameof(prefix));

        var pages = client.GetBlobsAsync(new GetBlobsOptions { Prefix = string.IsNullOrEmpty(prefix) ? null : prefix }, cancellationToken)
            .AsPages()
            .GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                Page<BlobItem> page;
                try
                {
                    if (!await pages.MoveNextAsync()) yield break;
                    page = pages.Current;
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    yield break;
                }
                foreach (var item in page.Values)
                    yield return new BlobItemInfo(container, item.Name, item.Properties.ContentLength ?? 0,
                        item.Properties.LastModified ?? DateTimeOffset.MinValue);
            }
        }
        finally
        {
            await pages.DisposeAsync();
        }
    }

    private BlobContainerClient Container(string container)
    {
        ArgumentNullException.ThrowIfNull(container);
        if (!ContainerName().IsMatch(container))
            throw new ArgumentException(
                $"Container name '{container}' must be 3-63 lowercase letters, digits and single hyphens.", nameof(container));
        return service.GetBlobContainerClient(container);
    }

    private BlobClient Blob(string container, string name)
    {
        var client = Container(container);
        BlobNames.Validate(name);
        return client.GetBlobClient(name);
    }

    private async Task EnsureContainerAsync(string container, CancellationToken cancellationToken)
    {
        var creation = _created.GetOrAdd(container, name => new Lazy<Task>(() =>
            service.GetBlobContainerClient(name).CreateIfNotExistsAsync(cancellationToken: CancellationToken.None)));
        try
        {
            await creation.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (creation.Value.IsFaulted || creation.Value.IsCanceled)
        {
            _created.TryRemove(new KeyValuePair<string, Lazy<Task>>(container, creation));
            throw;
        }
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$")]
    private static partial Regex ContainerName();

    /// <summary>Counts what the SDK reads, for the length of a stream that cannot tell its own.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Counted(inner.Read(buffer));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Counted(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Counted(await inner.ReadAsync(buffer, cancellationToken));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Counted(int read)
        {
            BytesRead += read;
            return read;
        }
    }
}
