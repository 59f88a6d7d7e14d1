namespace Hub.Core.Registry;

/// <summary>
/// Who the hub serves: platforms with their signing secrets and payload mappings, API keys, and (as the
/// capabilities arrive) operators, partners and expos. Read from <c>seeds/registry.json</c> in Standalone and
/// from configuration in Azure.
/// </summary>
public sealed record HubRegistry
{
    public IReadOnlyList<PlatformRegistration> Platforms { get; init; } = [];
    public IReadOnlyList<ApiKeyRegistration> ApiKeys { get; init; } = [];
    public IReadOnlyList<OperatorRegistration> Operators { get; init; } = [];
    public IReadOnlyList<PartnerRegistration> Partners { get; init; } = [];

    // Indexed loops rather than LINQ or foreach over the interface: called on every webhook, where a capturing lambda
    // or a boxed enumerator is an allocation each time.
    public PlatformRegistration? FindPlatform(string platformId)
    {
        for (var i = 0; i < Platforms.Count; i++)
            if (string.Equals(Platforms[i].Id, platformId, StringComparison.Ordinal)) return Platforms[i];
        return null;
    }

    public OperatorRegistration? FindOperator(string operatorId)
    {
        for (var i = 0; i < Operators.Count; i++)
            if (string.Equals(Operators[i].Id, operatorId, StringComparison.Ordinal)) return Operators[i];
        return null;
    }

    public PartnerRegistration? FindPartner(string partnerId)
    {
        for (var i = 0; i < Partners.Count; i++)
            if (string.Equals(Partners[i].Id, partnerId, StringComparison.Ordinal)) return Partners[i];
        return null;
    }
}

/// <summary>
/// An eWTP partner hub: where its feeds are and how to read them, whether cross-border orders are pushed to it and for which
/// destinations, how it signs the records it pushes, and how its record types and fields map onto the hub's.
/// </summary>
public sealed record PartnerRegistration
{
    public required string Id { get; init; }
    public string? Name { get; init; }
    /// <summary>ISO 3166-1 alpha-2 country of the partner hub.</summary>
    public string? Country { get; init; }
    /// <summary>The partner's API base URL; https, and never a private, loopback or link-local address (docs/partner-feeds.md).</summary>
    public required string BaseUrl { get; init; }
    public required PartnerAuthSettings Auth { get; init; }
    public IReadOnlyList<PartnerFeedRegistration> Feeds { get; init; } = [];
    /// <summary>Whether cross-border orders (9610/9710/9810) for <see cref="Destinations"/> are pushed to this partner.</summary>
    public bool PushOrders { get; init; }
    /// <summary>ISO 3166-1 alpha-2 destination countries this partner serves (the buyer's country of an order).</summary>
    public IReadOnlyList<string> Destinations { get; init; } = [];
    /// <summary>How the partner signs the records it pushes (<c>standard-webhooks</c>); null when it does not push.</summary>
    public SignatureSettings? Signature { get; init; }
    /// <summary>The partner's own record type names to the hub's (<c>parcel_event</c> -> <c>shipment-status</c>); the hub's names map to themselves.</summary>
    public IReadOnlyDictionary<string, string> RecordTypes { get; init; } = new Dictionary<string, string>();
    /// <summary>
    /// Per hub record type, canonical field to a JSON Pointer into the record's data (<c>trackingNumber</c> -> <c>/waybill/no</c>);
    /// a field not listed is read from <c>/{field}</c>.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Fields { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();
    /// <summary>True for the partners shipped in <c>seeds/</c>, whose credentials are published: never for production.</summary>
    public bool Sample { get; init; }
}

/// <summary>How the hub authenticates to a partner.</summary>
public sealed record PartnerAuthSettings
{
    /// <summary><c>api-key</c> or <c>oauth2-client-credentials</c>.</summary>
    public required string Kind { get; init; }
    /// <summary>For <c>api-key</c>: the header that carries it; <c>X-Api-Key</c> when null.</summary>
    public string? Header { get; init; }
    /// <summary>For <c>api-key</c>: the key.</summary>
    public string? Key { get; init; }
    /// <summary>For <c>oauth2-client-credentials</c>: the token endpoint (https, same rules as the base URL).</summary>
    public string? TokenUrl { get; init; }
    public string? ClientId { get; init; }
    public string? ClientSecret { get; init; }
    public string? Scope { get; init; }
}

/// <summary>One feed a partner exposes and when to pull it.</summary>
public sealed record PartnerFeedRegistration
{
    /// <summary>The feed's name in <c>GET {baseUrl}/feeds/{name}</c>.</summary>
    public required string Name { get; init; }
    /// <summary>Items asked for per page (<c>limit</c>); 1 to 1,000.</summary>
    public int PageSize { get; init; } = 500;
    /// <summary>Cron expression (5 fields, or 6 with seconds), in UTC; null to pull only on request.</summary>
    public string? Schedule { get; init; }
}

/// <summary>An overseas-warehouse operator and how its stock report files look.</summary>
public sealed record OperatorRegistration
{
    public required string Id { get; init; }
    public string? Name { get; init; }
    /// <summary>The warehouse codes this operator may report for; a row for any other warehouse is an error.</summary>
    public IReadOnlyList<string> Warehouses { get; init; } = [];
    /// <summary>Extra header names per canonical column (<c>on_hand</c> -> <c>["Qty OH", "现有库存"]</c>), on top of the built-in English and Chinese aliases.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ColumnAliases { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    /// <summary>CSV delimiter override (<c>,</c> <c>;</c> or <c>\t</c>); detected when null.</summary>
    public string? Delimiter { get; init; }
    /// <summary>Text encoding override (<c>gb18030</c>, <c>shift_jis</c>); detected when null.</summary>
    public string? Encoding { get; init; }
    /// <summary>XLSX sheet to read; the first when null.</summary>
    public string? SheetName { get; init; }
    /// <summary>Available quantity below which a SKU raises <c>stock.low</c>; per SKU, with <c>*</c> as the default.</summary>
    public IReadOnlyDictionary<string, long> LowStockThresholds { get; init; } = new Dictionary<string, long>();
}

public sealed record PlatformRegistration
{
    public required string Id { get; init; }
    public string? Name { get; init; }
    public required SignatureSettings Signature { get; init; }
    /// <summary>Null when the platform sends the canonical order JSON.</summary>
    public PayloadMapping? Mapping { get; init; }
    /// <summary>True for the platforms shipped in <c>seeds/</c>, whose signing secrets are published: never for production.</summary>
    public bool Sample { get; init; }
}

/// <summary>How a platform signs its webhooks. See docs/design.md, OrderSync.</summary>
public sealed record SignatureSettings
{
    /// <summary><c>standard-webhooks</c>, <c>hmac-sha256</c> or <c>stripe</c>.</summary>
    public required string Scheme { get; init; }
    /// <summary>For <c>hmac-sha256</c>: <c>github</c> or <c>shopify</c> fill in the header settings below.</summary>
    public string? Preset { get; init; }
    public string? SignatureHeader { get; init; }
    /// <summary><c>hex</c> or <c>base64</c>.</summary>
    public string? Encoding { get; init; }
    public string? Prefix { get; init; }
    public string? DeliveryIdHeader { get; init; }
    /// <summary>Every secret that is currently active; more than one during a rotation.</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];
    public int? ToleranceSeconds { get; init; }
}

/// <summary>
/// Declarative mapping of a platform's own order JSON to the canonical order: JSON Pointers per canonical
/// field, so a new platform needs configuration, not code.
/// </summary>
public sealed record PayloadMapping
{
    /// <summary>Canonical dotted path (<c>buyer.country</c>) to a JSON Pointer into the payload (<c>/buyer/addr/cc</c>).</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();
    /// <summary>JSON Pointer to the array of order lines.</summary>
    public string? Lines { get; init; }
    /// <summary>Canonical line field (<c>sku</c>) to a JSON Pointer relative to one line element.</summary>
    public IReadOnlyDictionary<string, string> LineFields { get; init; } = new Dictionary<string, string>();
    /// <summary>Per canonical field, the platform's value to the canonical value (e.g. eventType: ORDER_PAID -> received).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Values { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();
}

/// <summary>An API key, stored only as the SHA-256 of the key (hex).</summary>
public sealed record ApiKeyRegistration
{
    public required string Name { get; init; }
    public required string Sha256 { get; init; }
    /// <summary><c>admin</c>, <c>reader</c>, <c>platform:&lt;id&gt;</c>, <c>operator:&lt;id&gt;</c>, <c>organiser:&lt;expoId&gt;</c>, <c>partner:&lt;id&gt;</c>.</summary>
    public required string Scope { get; init; }
    /// <summary>True for the keys shipped in <c>seeds/</c>, whose plain text is published: never for production.</summary>
    public bool Sample { get; init; }
}
