using Hub.Core.Storage;
using Hub.Testing;
using Hub.Testing.Contracts;

namespace Hub.Embedded.Tests.ReadStore;

/// <summary>The read-store contract over the real SQLite store, in a database of each test's own.</summary>
public sealed class when_the_read_store_is_sqlite : ReadStoreContract, IAsyncDisposable
{
    private readonly TemporaryReadStore _temporary = new();

    protected override IReadStore Store => _temporary.Store;

    protected override string Container => "contract";

    public ValueTask DisposeAsync() => _temporary.DisposeAsync();
}
