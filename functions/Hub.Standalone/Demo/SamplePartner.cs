using System.Text.Json;
using Hub.Core.Registry;

namespace Hub.Standalone.Demo;

/// <summary>One partner hub the <see cref="SamplePartnerServer"/> plays: how callers must authenticate, and the feeds it serves.</summary>
/// <param name="Id">The path prefix it is served under (<c>http://127.0.0.1:{port}/{Id}</c>): the partner's id in the hub's registry.</param>
public sealed record SamplePartner(string Id, SamplePartnerAuth Auth, IReadOnlyDictionary<string, SampleFeed> Feeds)
{
    /// <summary>
    /// The partner as the registry describes it (its credentials become the ones the server demands), serving each registered feed
    /// from <c>{seedsFolder}/partners/{id}/{feed}.json</c> when that file exists, and an empty feed otherwise.
    /// </summary>
    public static SamplePartner FromRegistry(PartnerRegistration partner, string seedsFolder, TimeSpan pageDelay = default)
    {
        var feeds = new Dictionary<string, SampleFeed>(StringComparer.Ordinal);
        foreach (var feed in partner.Feeds)
        {
            var file = Path.Combine(seedsFolder, "partners", partner.Id, feed.Name + ".json");
            feeds[feed.Name] = File.Exists(file) ? SampleFeed.FromFile(file, pageDelay) : SampleFeed.Empty;
        }
        return new SamplePartner(partner.Id, SamplePartnerAuth.From(partner.Auth), feeds);
    }
}

/// <summary>What the sample server demands of a caller, per partner.</summary>
public abstract record SamplePartnerAuth
{
    private protected SamplePartnerAuth() { }

    /// <summary>The key in <paramref name="Header"/> on every request.</summary>
    public sealed record ApiKey(string Header, string Key) : SamplePartnerAuth;

    /// <summary>A bearer token the server issued at <c>/{partnerId}/oauth/token</c> for these client credentials, not yet expired.</summary>
    /// <param name="TokenLifetime">The <c>expires_in</c> of each token issued; short ones let a test see a token expire.</param>
    public sealed record OAuth2ClientCredentials(string ClientId, string ClientSecret, TimeSpan TokenLifetime) : SamplePartnerAuth;

    public static SamplePartnerAuth From(PartnerAuthSettings settings) => settings.Kind switch
    {
        "api-key" => new ApiKey(settings.Header ?? "X-Api-Key", settings.Key ?? ""),
        "oauth2-client-credentials" => new OAuth2ClientCredentials(settings.ClientId ?? "", settings.ClientSecret ?? "", TimeSpan.FromHours(1)),
        _ => throw new ArgumentException($"Unknown partner auth kind '{settings.Kind}'.", nameof(settings)),
    };
}

/// <summary>
/// The items of one feed, in feed order, each as the JSON text the server sends (so a malformed item is served as it is), and how
/// long each page takes to answer.
/// </summary>
public sealed class SampleFeed
{
    private readonly Func<int, string> _itemAt;

    public SampleFeed(int count, Func<int, string> itemAt, TimeSpan pageDelay = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Count = count;
        _itemAt = itemAt;
        PageDelay = pageDelay;
    }

    public static SampleFeed Empty { get; } = new(0, _ => throw new ArgumentOutOfRangeException(nameof(Empty)));

    public int Count { get; }

    /// <summary>Added before each page is answered: long enough, a sync can be killed in the middle.</summary>
    public TimeSpan PageDelay { get; }

    public string ItemAt(int index) => (uint)index < (uint)Count ? _itemAt(index) : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>A seed file: a JSON array of items (<c>{id, type, occurredAt, data, ...}</c>, or anything else on purpose).</summary>
    public static SampleFeed FromFile(string path, TimeSpan pageDelay = default)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        if (document.RootElement.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"{path} must hold a JSON array of feed items.");
        var items = document.RootElement.EnumerateArray().Select(e => e.GetRawText()).ToArray();
        return new SampleFeed(items.Length, i => items[i], pageDelay);
    }

    /// <summary><paramref name="count"/> records of <see cref="SyntheticPartnerRecords"/>, generated on demand (a 100,000-record feed holds no memory).</summary>
    public static SampleFeed Synthetic(string feed, int count, TimeSpan pageDelay = default) =>
        new(count, i => SyntheticPartnerRecords.Item(feed, i), pageDelay);
}
