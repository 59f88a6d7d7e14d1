using Hub.Core.Storage;
using Hub.Embedded.Blobs;
using Hub.Testing.Contracts;

namespace Hub.Embedded.Tests.Blobs;

public sealed class FileSystemBlobStoreTests : BlobStoreContract, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"hub-blobs-{Guid.NewGuid():N}");

    public FileSystemBlobStoreTests() => Store = new FileSystemBlobStore(_root);

    protected override IBlobStore Store { get; }

    protected override string Container => "stock-reports";

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task a_blob_being_uploaded_is_not_visible_under_its_name_until_complete()
    {
        var name = Prefix + "op-1/arriving.csv";
        var stream = new GatedStream(firstBytes: 64 * 1024, totalBytes: 256 * 1024);

        var upload = Store.UploadAsync(Container, name, stream, Ct);
        await stream.ReachedGate.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Null(await Store.OpenReadAsync(Container, name, Ct));
        Assert.Null(await Store.GetInfoAsync(Container, name, Ct));
        Assert.Empty(await ListAsync(Container, Prefix));
        Assert.False(upload.IsCompleted);

        stream.Release();
        var info = await upload;

        Assert.Equal(256 * 1024, info.Length);
        Assert.Equal(256 * 1024, (await Store.GetInfoAsync(Container, name, Ct))?.Length);
        Assert.Equal([name], (await ListAsync(Container, Prefix)).Select(b => b.Name));
    }

    [Fact]
    public async Task while_a_blob_is_replaced_readers_see_the_old_version_whole()
    {
        var name = Prefix + "replaced.csv";
        await Store.UploadAsync(Container, name, Text("old,version"), Ct);
        var stream = new GatedStream(firstBytes: 1024, totalBytes: 4096);

        var upload = Store.UploadAsync(Container, name, stream, Ct);
        await stream.ReachedGate.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Equal("old,version", await ReadTextAsync(name));
        stream.Release();
        await upload;
        Assert.Equal(4096, (await Store.GetInfoAsync(Container, name, Ct))?.Length);
    }

    [Fact]
    public async Task a_failed_upload_leaves_neither_the_blob_nor_a_temporary_file()
    {
        var name = Prefix + "failed.csv";
        var stream = new GatedStream(firstBytes: 1024, totalBytes: 4096);

        var upload = Store.UploadAsync(Container, name, stream, Ct);
        await stream.ReachedGate.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        stream.Fail(new IOException("the client went away"));

        await Assert.ThrowsAsync<IOException>(() => upload);
        Assert.Null(await Store.GetInfoAsync(Container, name, Ct));
        var folder = Path.Combine(_root, Container, Prefix.TrimEnd('/'));
        Assert.Empty(Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories) : []);
    }

    [Fact]
    public async Task blobs_are_files_under_root_container_and_name()
    {
        await Store.UploadAsync(Container, Prefix + "op-1/report.csv", Text("sku,on_hand"), Ct);

        var path = Path.Combine(_root, Container, Prefix.TrimEnd('/'), "op-1", "report.csv");
        Assert.Equal("sku,on_hand", await File.ReadAllTextAsync(path, Ct));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("UPPER")]
    [InlineData("a/b")]
    [InlineData("ab")]
    public async Task container_names_outside_the_blob_storage_rules_are_rejected(string container)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.UploadAsync(container, "x.txt", Text("x"), Ct));
    }

    /// <summary>Gives <c>firstBytes</c>, then waits to be released (or failed) before giving the rest.</summary>
    private sealed class GatedStream(int firstBytes, int totalBytes) : Stream
    {
        private readonly TaskCompletionSource _reachedGate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _position;

        public Task ReachedGate => _reachedGate.Task;

        public void Release() => _gate.TrySetResult();

        public void Fail(Exception exception) => _gate.TrySetException(exception);

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position >= firstBytes)
            {
                _reachedGate.TrySetResult();
                await _gate.Task.WaitAsync(cancellationToken);
            }
            var limit = _position < firstBytes ? firstBytes : totalBytes;
            var count = Math.Min(buffer.Length, limit - _position);
            buffer.Span[..count].Fill((byte)'x');
            _position += count;
            return count;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");
        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
