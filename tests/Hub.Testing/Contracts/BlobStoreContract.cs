using System.Security.Cryptography;
using Hub.Core.Storage;
using Xunit;

namespace Hub.Testing.Contracts;

/// <summary>
/// What every <see cref="IBlobStore"/> must do. A subclass supplies the store and the container; each test works under
/// its own name prefix, so tests may share a container.
/// </summary>
public abstract class BlobStoreContract
{
    private const int LargeBlobBytes = 20 * 1024 * 1024;

    protected abstract IBlobStore Store { get; }

    /// <summary>The container the tests write to.</summary>
    protected abstract string Container { get; }

    /// <summary>This test's own folder: every name a test uses starts with it.</summary>
    protected string Prefix { get; } = $"contract-{Guid.NewGuid():N}/";

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task a_20_mb_stream_reads_back_byte_for_byte()
    {
        var name = Prefix + "large/report.csv";

        var info = await Store.UploadAsync(Container, name, new GeneratedStream(LargeBlobBytes, seed: 42), Ct);

        Assert.Equal(LargeBlobBytes, info.Length);
        Assert.Equal(name, info.Name);
        Assert.Equal(Container, info.Container);
        await using var read = await Store.OpenReadAsync(Container, name, Ct);
        Assert.NotNull(read);
        Assert.Equal(await Sha256Async(new GeneratedStream(LargeBlobBytes, seed: 42)), await Sha256Async(read));
    }

    [Fact]
    public async Task an_upload_replaces_the_blob_under_the_same_name()
    {
        var name = Prefix + "replaced.txt";
        await Store.UploadAsync(Container, name, Text("the first, longer version"), Ct);

        var info = await Store.UploadAsync(Container, name, Text("second"), Ct);

        Assert.Equal(6, info.Length);
        Assert.Equal("second", await ReadTextAsync(name));
        Assert.Equal(6, (await Store.GetInfoAsync(Container, name, Ct))?.Length);
    }

    [Fact]
    public async Task a_missing_blob_reads_as_null()
    {
        Assert.Null(await Store.OpenReadAsync(Container, Prefix + "missing.txt", Ct));
        Assert.Null(await Store.GetInfoAsync(Container, Prefix + "missing.txt", Ct));
        Assert.False(await Store.DeleteAsync(Container, Prefix + "missing.txt", Ct));
    }

    [Fact]
    public async Task a_container_never_written_to_reads_as_empty()
    {
        var container = $"empty-{Guid.NewGuid():N}"[..20];

        Assert.Null(await Store.OpenReadAsync(container, "nothing.txt", Ct));
        Assert.Null(await Store.GetInfoAsync(container, "nothing.txt", Ct));
        Assert.False(await Store.DeleteAsync(container, "nothing.txt", Ct));
        Assert.Empty(await ListAsync(container, null));
    }

    [Fact]
    public async Task info_reports_length_and_a_recent_last_modified()
    {
        var name = Prefix + "info.txt";
        var before = DateTimeOffset.UtcNow.AddMinutes(-5);

        var uploaded = await Store.UploadAsync(Container, name, Text("twelve bytes"), Ct);
        var info = await Store.GetInfoAsync(Container, name, Ct);

        Assert.NotNull(info);
        Assert.Equal(12, info.Length);
        Assert.InRange(info.LastModified, before, DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.Equal(uploaded.LastModified.ToUnixTimeSeconds(), info.LastModified.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task a_deleted_blob_is_gone()
    {
        var name = Prefix + "deleted.txt";
        await Store.UploadAsync(Container, name, Text("short-lived"), Ct);

        Assert.True(await Store.DeleteAsync(Container, name, Ct));

        Assert.Null(await Store.OpenReadAsync(Container, name, Ct));
        Assert.Null(await Store.GetInfoAsync(Container, name, Ct));
        Assert.DoesNotContain(name, (await ListAsync(Container, Prefix)).Select(b => b.Name));
        Assert.False(await Store.DeleteAsync(Container, name, Ct));
    }

    [Fact]
    public async Task listing_by_prefix_finds_nested_blobs_and_nothing_else()
    {
        string[] op1 = [Prefix + "op-1/2025/a.csv", Prefix + "op-1/2025/b.csv", Prefix + "op-1/c.xlsx", Prefix + "op-1/.hidden"];
        string[] others = [Prefix + "op-10/a.csv", Prefix + "op-2/a.csv", Prefix + "op-1.csv"];
        foreach (var name in op1.Concat(others))
            await Store.UploadAsync(Container, name, Text(name), Ct);

        var underOp1 = await ListAsync(Container, Prefix + "op-1/");
        var startingOp1 = await ListAsync(Container, Prefix + "op-1");
        var everything = await ListAsync(Container, Prefix);

        Assert.Equal(op1.Order(StringComparer.Ordinal), underOp1.Select(b => b.Name).Order(StringComparer.Ordinal));
        Assert.Equal(op1.Concat([Prefix + "op-10/a.csv", Prefix + "op-1.csv"]).Order(StringComparer.Ordinal),
            startingOp1.Select(b => b.Name).Order(StringComparer.Ordinal));
        Assert.Equal(op1.Concat(others).Order(StringComparer.Ordinal), everything.Select(b => b.Name).Order(StringComparer.Ordinal));
        Assert.All(everything, b =>
        {
            Assert.Equal(Container, b.Container);
            Assert.Equal(b.Name.Length, b.Length);
        });
    }

    /// <summary>The retention sweeps decide from the listing alone: its times must be the blobs' own, older for older blobs.</summary>
    [Fact]
    public async Task listing_gives_each_blob_the_time_it_was_last_written()
    {
        var before = DateTimeOffset.UtcNow.AddMinutes(-5);
        var older = await Store.UploadAsync(Container, Prefix + "aged/older.csv", Text("older"), Ct);
        // Blob Storage keeps whole seconds: a little more than one apart, the two times differ whatever the store.
        await Task.Delay(TimeSpan.FromMilliseconds(1100), Ct);
        var newer = await Store.UploadAsync(Container, Prefix + "aged/newer.csv", Text("newer"), Ct);

        var listed = (await ListAsync(Container, Prefix + "aged/")).ToDictionary(b => b.Name);

        Assert.Equal(older.LastModified.ToUnixTimeSeconds(), listed[older.Name].LastModified.ToUnixTimeSeconds());
        Assert.Equal(newer.LastModified.ToUnixTimeSeconds(), listed[newer.Name].LastModified.ToUnixTimeSeconds());
        Assert.True(listed[older.Name].LastModified < listed[newer.Name].LastModified);
        Assert.All(listed.Values, b => Assert.InRange(b.LastModified, before, DateTimeOffset.UtcNow.AddMinutes(5)));

        await Task.Delay(TimeSpan.FromMilliseconds(1100), Ct);
        await Store.UploadAsync(Container, older.Name, Text("replaced"), Ct);
        var relisted = (await ListAsync(Container, Prefix + "aged/")).ToDictionary(b => b.Name);
        Assert.True(relisted[older.Name].LastModified > relisted[newer.Name].LastModified, "a replaced blob lists with the time of its replacement");
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("/abs")]
    [InlineData("a//b")]
    [InlineData("a/../../b")]
    [InlineData("a/./b")]
    [InlineData("back\\slash")]
    [InlineData("new\nline")]
    [InlineData("nul\0char")]
    [InlineData("tab\tchar")]
    [InlineData("")]
    public async Task names_that_are_not_relative_paths_are_rejected(string name)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.UploadAsync(Container, name, Text("x"), Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.OpenReadAsync(Container, name, Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.GetInfoAsync(Container, name, Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.DeleteAsync(Container, name, Ct));
    }

    [Fact]
    public async Task concurrent_uploads_of_different_names_all_arrive_intact()
    {
        var names = Enumerable.Range(0, 16).Select(i => $"{Prefix}parallel/{i:D2}.bin").ToArray();

        await Task.WhenAll(names.Select((name, i) =>
            Task.Run(() => Store.UploadAsync(Container, name, new GeneratedStream(256 * 1024 + i, seed: i), Ct), Ct)));

        for (var i = 0; i < names.Length; i++)
        {
            await using var read = await Store.OpenReadAsync(Container, names[i], Ct);
            Assert.NotNull(read);
            Assert.Equal(await Sha256Async(new GeneratedStream(256 * 1024 + i, seed: i)), await Sha256Async(read));
        }
        Assert.Equal(names, (await ListAsync(Container, Prefix + "parallel/")).Select(b => b.Name).Order(StringComparer.Ordinal));
    }

    protected async Task<List<BlobItemInfo>> ListAsync(string container, string? prefix)
    {
        var items = new List<BlobItemInfo>();
        await foreach (var item in Store.ListAsync(container, prefix, Ct)) items.Add(item);
        return items;
    }

    protected async Task<string> ReadTextAsync(string name)
    {
        await using var stream = await Store.OpenReadAsync(Container, name, Ct);
        Assert.NotNull(stream);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(Ct);
    }

    protected static MemoryStream Text(string text) => new(System.Text.Encoding.UTF8.GetBytes(text));

    protected static async Task<string> Sha256Async(Stream stream)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer, Ct)) > 0) sha.AppendData(buffer, 0, read);
        return Convert.ToHexString(sha.GetHashAndReset());
    }

    /// <summary>A forward-only stream of deterministic pseudo-random bytes: large content without a large buffer.</summary>
    protected sealed class GeneratedStream(long length, int seed) : Stream
    {
        private ulong _state = (ulong)seed * 0x9E3779B97F4A7C15UL + 0xD1B54A32D192ED03UL;
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var count = (int)Math.Min(buffer.Length, length - _position);
            for (var i = 0; i < count; i++)
            {
                // xorshift64*
                _state ^= _state >> 12;
                _state ^= _state << 25;
                _state ^= _state >> 27;
                buffer[i] = (byte)((_state * 0x2545F4914F6CDD1DUL) >> 56);
            }
            _position += count;
            return count;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
