using System.Text.Json.Nodes;
using Hub.Core.Registry;
using Hub.Testing;

namespace Hub.Orders.Tests.Support;

/// <summary>The repository's <c>seeds/</c>: the sample registry and the webhook samples the demo replays.</summary>
internal static class Seeds
{
    public static HubRegistry Registry { get; } = RegistryLoader.Load(RepositoryPaths.SeedRegistry);

    public static PlatformRegistration Platform(string platformId) =>
        Registry.FindPlatform(platformId) ?? throw new InvalidOperationException($"seeds/registry.json has no platform '{platformId}'.");

    /// <summary>A fresh copy of a sample's <c>body</c>, free to change.</summary>
    public static JsonObject WebhookBody(string fileName) =>
        (JsonObject)Webhook(fileName)["body"]!.DeepClone();

    public static JsonObject Webhook(string fileName) =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Seeds, "webhooks", fileName)))!;
}
