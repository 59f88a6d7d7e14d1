using Hub.Core.Registry;
using Hub.Testing;

namespace Hub.Core.Tests;

public sealed class when_the_registry_is_loaded
{
    [Fact]
    public void the_seed_registry_loads_with_a_platform_per_scheme_and_preset()
    {
        var registry = RegistryLoader.Load(RepositoryPaths.SeedRegistry);

        Assert.True(registry.Platforms.Count >= 4);
        Assert.Contains(registry.Platforms, p => p.Signature.Scheme == "standard-webhooks" && p.Signature.Secrets.Count > 1);
        Assert.Contains(registry.Platforms, p => p.Signature.Preset == "github");
        Assert.Contains(registry.Platforms, p => p.Signature.Preset == "shopify");
        Assert.Contains(registry.Platforms, p => p.Signature.Scheme == "stripe");
        Assert.Contains(registry.Platforms, p => p.Mapping is not null);
        Assert.All(registry.ApiKeys, k => Assert.True(k.Sample));
    }

    [Fact]
    public void every_fault_is_named_in_one_error()
    {
        const string json = """
            { "platforms": [
                { "id": "a", "signature": { "scheme": "rot13", "secrets": ["s"] } },
                { "id": "a", "signature": { "scheme": "stripe", "secrets": [] } } ],
              "apiKeys": [ { "name": "k", "sha256": "abc", "scope": "king" } ] }
            """;

        var error = Assert.Throws<InvalidRegistryException>(() => RegistryLoader.Parse(json));

        Assert.Contains("platform 'a' is declared 2 times", error.Message);
        Assert.Contains("unknown signature scheme 'rot13'", error.Message);
        Assert.Contains("platform 'a' has no signing secret", error.Message);
        Assert.Contains("not 64 hex digits", error.Message);
        Assert.Contains("unknown scope 'king'", error.Message);
    }

    [Fact]
    public void operators_are_checked_for_clashes()
    {
        const string json = """
            { "operators": [
                { "id": "op-a", "warehouses": ["DE-01", "FR-02"], "delimiter": "|" },
                { "id": "op-b", "warehouses": ["de-01"] },
                { "id": "op-b", "warehouses": [] } ] }
            """;

        var error = Assert.Throws<InvalidRegistryException>(() => RegistryLoader.Parse(json));

        Assert.Contains("operator 'op-b' is declared 2 times", error.Message);
        Assert.Contains("warehouse 'DE-01' is claimed by operators 'op-a' and 'op-b'", error.Message);
        Assert.Contains("operator 'op-a' has delimiter '|'", error.Message);
    }

    [Fact]
    public void a_platform_id_that_is_not_printable_text_is_refused()
    {
        // The platform id is the first half of every order's CloudEvent subject and read-store key.
        const string json = """
            { "platforms": [
                { "id": "zj\u0001", "signature": { "scheme": "stripe", "secrets": ["s"] } },
                { "id": "hz\u202e", "signature": { "scheme": "stripe", "secrets": ["s"] } } ] }
            """;

        var error = Assert.Throws<InvalidRegistryException>(() => RegistryLoader.Parse(json));

        Assert.Contains("platform id 'zj\u0001' is not printable text: Contains U+0001 (a control character)", error.Message);
        Assert.Contains("platform id 'hz\u202e' is not printable text: Contains U+202E (an invisible format character)", error.Message);
    }

    [Fact]
    public void malformed_json_names_where_it_broke()
    {
        var error = Assert.Throws<InvalidRegistryException>(() => RegistryLoader.Parse("{ \"platforms\": [ { \"id\": 5 } ] }"));
        Assert.Contains("$.platforms[0].id", error.Message);
    }

    [Fact]
    public void a_missing_file_says_which_path_was_tried()
    {
        var error = Assert.Throws<InvalidRegistryException>(() => RegistryLoader.Load("/nonexistent/registry.json"));
        Assert.Contains("/nonexistent/registry.json", error.Message);
    }
}
