using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hub.Core.Registry;

public static class RegistryLoader
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    public static HubRegistry Parse(string json)
    {
        HubRegistry registry;
        try
        {
            registry = JsonSerializer.Deserialize<HubRegistry>(json, Options)
                ?? throw new InvalidRegistryException("The registry document is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidRegistryException($"The registry is not valid JSON at {e.Path}: {e.Message}", e);
        }
        Validate(registry);
        return registry;
    }

    public static HubRegistry Load(string path)
    {
        if (!File.Exists(path))
            throw new InvalidRegistryException($"The registry file '{Path.GetFullPath(path)}' does not exist.");
        return Parse(File.ReadAllText(path));
    }

    private static void Validate(HubRegistry registry)
    {
        var errors = new List<string>();
        foreach (var dup in registry.Platforms.GroupBy(p => p.Id).Where(g => g.Count() > 1))
            errors.Add($"platform '{dup.Key}' is declared {dup.Count()} times");
        foreach (var p in registry.Platforms)
        {
            // The platform id is the first half of every order's key and CloudEvent subject.
            if (string.IsNullOrEmpty(p.Id)) errors.Add("a platform has no id");
            else if (Validation.Identifiers.Fault(p.Id) is { } idFault) errors.Add($"platform id '{p.Id}' is not printable text: {idFault}");
            if (p.Signature.Secrets.Count == 0) errors.Add($"platform '{p.Id}' has no signing secret");
            if (p.Signature.Scheme is not ("standard-webhooks" or "hmac-sha256" or "stripe"))
                errors.Add($"platform '{p.Id}' has unknown signature scheme '{p.Signature.Scheme}'");
        }
        foreach (var dup in registry.Operators.GroupBy(o => o.Id).Where(g => g.Count() > 1))
            errors.Add($"operator '{dup.Key}' is declared {dup.Count()} times");
        foreach (var shared in registry.Operators.SelectMany(o => o.Warehouses.Select(w => (Warehouse: w.ToUpperInvariant(), Operator: o.Id)))
                     .GroupBy(x => x.Warehouse).Where(g => g.Select(x => x.Operator).Distinct().Count() > 1))
            errors.Add($"warehouse '{shared.Key}' is claimed by operators {string.Join(" and ", shared.Select(x => $"'{x.Operator}'").Distinct())}");
        foreach (var o in registry.Operators.Where(o => o.Delimiter is not null && o.Delimiter is not ("," or ";" or "\t" or "\\t")))
            errors.Add($"operator '{o.Id}' has delimiter '{o.Delimiter}'; use ',', ';' or '\\t'");
        foreach (var k in registry.ApiKeys)
        {
            if (k.Sha256.Length != 64 || !k.Sha256.All(Uri.IsHexDigit))
                errors.Add($"API key '{k.Name}' has a sha256 that is not 64 hex digits");
            if (!Auth.KeyScope.TryParse(k.Scope, out _))
                errors.Add($"API key '{k.Name}' has unknown scope '{k.Scope}'");
        }
        PartnerRegistryRules.Validate(registry.Partners, errors);
        if (errors.Count > 0)
            throw new InvalidRegistryException("The registry is invalid: " + string.Join("; ", errors) + ".");
    }
}

public sealed class InvalidRegistryException(string message, Exception? inner = null) : Exception(message, inner);
