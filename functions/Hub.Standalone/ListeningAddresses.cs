namespace Hub.Standalone;

/// <summary>Where the host is configured to listen, read before it starts listening so that a refusal binds nothing.</summary>
public static class ListeningAddresses
{
    /// <summary>
    /// <c>urls</c> (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, or the default Program sets) and any Kestrel endpoint from
    /// configuration, which Kestrel binds in addition.
    /// </summary>
    public static IReadOnlyList<string> From(IConfiguration configuration)
    {
        var addresses = (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
            if (endpoint["Url"] is { Length: > 0 } url) addresses.Add(url);
        return addresses;
    }
}
