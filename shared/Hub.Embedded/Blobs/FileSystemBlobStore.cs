using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Hub.Core.Storage;

namespace Hub.Embedded.Blobs;

/// <summary>
/// Blobs as files: <c>{root}/{container}/{name}</c>, with '/' in names becoming sub-folders.
/// An upload is written to a hidden temporary file beside its target, flushed to disk and renamed over it,
/// so readers see the old blob or the new one, never a part. A name cannot be both a blob and a folder
/// (<c>a</c> and <c>a/b</c>), which Blob Storage would allow.
/// </summary>
public sealed partial class FileSystemBlobStore : IBlobStore
{
    private const int BufferSize = 81920;
    private const string PartialSuffix = ".partial";

    private static readonly EnumerationOptions Recursive = new()
    {
        RecurseSubdirectories = true,
        IgnoreInaccessible = true,
        // Blob names may start with '.', which .NET reports as hidden on Unix.
        AttributesToSkip = FileAttributes.None,
    };

    private readonly string _root;

    public FileSystemBlobStore(string rootPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootPath);
        _root = Path.GetFullPath(rootPath);
    }

    public async Task<BlobItemInfo> UploadAsync(string container, string name, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = BlobPath(container, name);
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}{PartialSuffix}");
        try
        {
            long length;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, BufferSize, cancellationToken);
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
                length = file.Length;
            }
            // A rename keeps the file's timestamps, so this is the blob's LastModified.
            var lastModified = new DateTimeOffset(File.GetLastWriteTimeUtc(temporary));
            File.Move(temporary, path, overwrite: true);
            return new BlobItemInfo(container, name, length, lastModified);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    public Task<Stream?> OpenReadAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        var path = BlobPath(container, name);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            // FileShare.Delete lets an upload replace the blob while it is being read (the reader keeps the old one).
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException || (e is UnauthorizedAccessException && Directory.Exists(path)))
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task<BlobItemInfo?> GetInfoAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(BlobPath(container, name));
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(file.Exists ? Info(container, name, file) : null);
    }

    public Task<bool> DeleteAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(BlobPath(container, name));
        cancellationToken.ThrowIfCancellationRequested();
        if (!file.Exists) return Task.FromResult(false);
        file.Delete();
        return Task.FromResult(true);
    }

    public async IAsyncEnumerable<BlobItemInfo> ListAsync(string container, string? prefix = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var containerPath = ContainerPath(container);
        prefix ??= "";
        if (prefix.Any(char.IsControl) || prefix.Contains('\\') || prefix.StartsWith('/'))
            throw new ArgumentException($"Blob prefix '{prefix}' is not a relative path.", nameof(prefix));

        // Start in the deepest folder the prefix names, so listing one operator's files does not walk everyone's.
        var start = containerPath;
        var lastSlash = prefix.LastIndexOf('/');
        if (lastSlash > 0)
        {
            var folder = prefix[..lastSlash];
            BlobNames.Validate(folder);
            start = Path.Combine(containerPath, folder.Replace('/', Path.DirectorySeparatorChar));
        }

        await Task.Yield();
        if (!Directory.Exists(start)) yield break;
        foreach (var file in new DirectoryInfo(start).EnumerateFiles("*", Recursive))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (IsPartial(file.Name)) continue;
            var name = Path.GetRelativePath(containerPath, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
            if (!name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            // The file may have been replaced or deleted since the folder was read.
            file.Refresh();
            if (file.Exists) yield return Info(container, name, file);
        }
    }

    private static BlobItemInfo Info(string container, string name, FileInfo file) =>
        new(container, name, file.Length, new DateTimeOffset(file.LastWriteTimeUtc));

    private static bool IsPartial(string fileName) =>
        fileName.StartsWith('.') && fileName.EndsWith(PartialSuffix, StringComparison.Ordinal) && PartialName().IsMatch(fileName);

    private string ContainerPath(string container)
    {
        ArgumentNullException.ThrowIfNull(container);
        if (!ContainerName().IsMatch(container))
            throw new ArgumentException(
                $"Container name '{container}' must be 3-63 lowercase letters, digits and single hyphens, as Blob Storage requires.",
                nameof(container));
        return Path.Combine(_root, container);
    }

    private string BlobPath(string container, string name)
    {
        var containerPath = ContainerPath(container);
        BlobNames.Validate(name);
        var path = Path.GetFullPath(Path.Combine(containerPath, name.Replace('/', Path.DirectorySeparatorChar)));
        if (!path.StartsWith(containerPath + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"Blob name '{name}' leaves its container.", nameof(name));
        if (IsPartial(Path.GetFileName(path)))
            throw new ArgumentException($"Blob name '{name}' has the form of an upload in progress.", nameof(name));
        return path;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$")]
    private static partial Regex ContainerName();

    [GeneratedRegex(@"^\..+\.[0-9a-f]{32}\.partial$")]
    private static partial Regex PartialName();
}
