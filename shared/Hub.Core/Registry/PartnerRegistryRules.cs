using Hub.Contracts.PartnerFeeds;
using Hub.Core.Scheduling;
using Hub.Core.Validation;

namespace Hub.Core.Registry;

/// <summary>
/// What a partner entry must hold before the hub starts with it: a partner that would fail at its first pull (no key, a
/// schedule that never parses, a base URL that is no URL) is refused at load, naming the partner and the field. Whether a URL
/// is https and reaches a public address is judged at call time (Hub.PartnerFeeds' network guard), so that tests and the
/// demo can point partners at loopback.
/// </summary>
internal static class PartnerRegistryRules
{
    public const int MaxPageSize = 1_000;

    public static void Validate(IReadOnlyList<PartnerRegistration> partners, List<string> errors)
    {
        foreach (var dup in partners.GroupBy(p => p.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
            errors.Add($"partner '{dup.Key}' is declared {dup.Count()} times");
        foreach (var p in partners)
        {
            // The partner id is the first part of every record's CloudEvent id, subject and read-store partition.
            if (string.IsNullOrEmpty(p.Id)) { errors.Add("a partner has no id"); continue; }
            if (Identifiers.Fault(p.Id) is { } idFault) errors.Add($"partner id '{p.Id}' is not printable text: {idFault}");
            else if (p.Id.Contains('/', StringComparison.Ordinal)) errors.Add($"partner id '{p.Id}' must not contain '/' (it is a segment of record ids and partitions)");
            var at = $"partner '{p.Id}'";
            if (!IsHttpUrl(p.BaseUrl)) errors.Add($"{at} has baseUrl '{p.BaseUrl}', which is not an absolute http(s) URL");
            if (p.Country is not null && !IsoCodes.IsCountry(p.Country)) errors.Add($"{at} has country '{p.Country}', which is not an ISO 3166-1 alpha-2 code");
            ValidateAuth(at, p.Auth, errors);
            ValidateFeeds(at, p.Feeds, errors);
            foreach (var d in p.Destinations.Where(d => !IsoCodes.IsCountry(d)))
                errors.Add($"{at} has destination '{d}', which is not an ISO 3166-1 alpha-2 code");
            if (p.PushOrders && p.Destinations.Count == 0) errors.Add($"{at} pushes orders but serves no destinations");
            foreach (var (from, to) in p.RecordTypes.Where(t => !PartnerRecordTypes.All.Contains(t.Value, StringComparer.Ordinal)))
                errors.Add($"{at} maps record type '{from}' to '{to}', which is not a hub record type ({string.Join(", ", PartnerRecordTypes.All)})");
            foreach (var type in p.Fields.Keys.Where(t => !PartnerRecordTypes.All.Contains(t, StringComparer.Ordinal)))
                errors.Add($"{at} has fields for '{type}', which is not a hub record type ({string.Join(", ", PartnerRecordTypes.All)})");
            foreach (var (type, pointers) in p.Fields)
                foreach (var (field, pointer) in pointers.Where(f => string.IsNullOrEmpty(f.Value) || f.Value[0] != '/'))
                    errors.Add($"{at} reads {type} field '{field}' from '{pointer}', which is not a JSON Pointer (it starts with '/')");
            if (p.Signature is { } signature)
            {
                if (signature.Scheme != "standard-webhooks") errors.Add($"{at} has signature scheme '{signature.Scheme}'; partners sign with 'standard-webhooks'");
                if (signature.Secrets.Count == 0) errors.Add($"{at} has a signature with no secret");
            }
        }
    }

    private static void ValidateAuth(string at, PartnerAuthSettings? auth, List<string> errors)
    {
        switch (auth?.Kind)
        {
            case null:
                errors.Add($"{at} has no auth");
                break;
            case "api-key":
                if (string.IsNullOrEmpty(auth.Key)) errors.Add($"{at} uses api-key auth without a key");
                if (auth.Header is not null && (auth.Header.Length == 0 || !auth.Header.All(c => c > ' ' && c < 127 && c != ':')))
                    errors.Add($"{at} has auth header '{auth.Header}', which is not an HTTP header name");
                break;
            case "oauth2-client-credentials":
                if (!IsHttpUrl(auth.TokenUrl)) errors.Add($"{at} has tokenUrl '{auth.TokenUrl}', which is not an absolute http(s) URL");
                if (string.IsNullOrEmpty(auth.ClientId)) errors.Add($"{at} uses oauth2-client-credentials without a clientId");
                if (string.IsNullOrEmpty(auth.ClientSecret)) errors.Add($"{at} uses oauth2-client-credentials without a clientSecret");
                break;
            default:
                errors.Add($"{at} has auth kind '{auth.Kind}'; use 'api-key' or 'oauth2-client-credentials'");
                break;
        }
    }

    private static void ValidateFeeds(string at, IReadOnlyList<PartnerFeedRegistration> feeds, List<string> errors)
    {
        foreach (var dup in feeds.GroupBy(f => f.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            errors.Add($"{at} declares feed '{dup.Key}' {dup.Count()} times");
        foreach (var f in feeds)
        {
            if (string.IsNullOrEmpty(f.Name)) { errors.Add($"{at} has a feed with no name"); continue; }
            if (Identifiers.Fault(f.Name) is { } fault) errors.Add($"{at} has feed name '{f.Name}', which is not printable text: {fault}");
            else if (f.Name.Contains('/', StringComparison.Ordinal)) errors.Add($"{at} has feed name '{f.Name}', which must not contain '/' (it is a URL segment)");
            if (f.PageSize is < 1 or > MaxPageSize) errors.Add($"{at} feed '{f.Name}' has pageSize {f.PageSize}; use 1 to {MaxPageSize}");
            if (f.Schedule is not null && !CronSchedules.TryParse(f.Schedule, out _))
                errors.Add($"{at} feed '{f.Name}' has schedule '{f.Schedule}', which is not a cron expression (5 fields, or 6 with seconds first)");
        }
    }

    private static bool IsHttpUrl(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && !string.IsNullOrEmpty(url.Host);
}
