extern alias standalone;

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Hub.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Functions.Tests;

/// <summary>One HTTP route as both hosts must serve it: the method in capitals and the template from the root, <c>/api/...</c>.</summary>
public sealed partial record HttpRoute(string Method, string Template)
{
    public override string ToString() => $"{Method} {Template}";

    /// <summary>
    /// The route as the hosts compare: constraints, defaults and optional or catch-all marks dropped from parameters
    /// (<c>{id:int?}</c> is <c>{id}</c>), one leading slash, no trailing one, the method in capitals.
    /// </summary>
    public static HttpRoute Of(string method, string template) =>
        new(method.ToUpperInvariant(), "/" + Parameter().Replace(template.Trim('/'), m => "{" + m.Groups["name"].Value + "}"));

    /// <summary>
    /// The method and the template with its parameters unnamed (<c>/api/stock/{}</c>): what makes two paths the same to a
    /// router, and to OpenAPI, which keeps templates that differ only in names as one path.
    /// </summary>
    public string Shape => $"{Method} {Parameter().Replace(Template, "{}")}";

    /// <summary>The parameter names of the template, in order.</summary>
    public IReadOnlyList<string> Parameters => Parameter().Matches(Template).Select(m => m.Groups["name"].Value).ToList();

    [GeneratedRegex(@"\{\**(?<name>[A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex Parameter();
}

/// <summary>The HTTP routes each host maps, read from the host itself rather than from a list in the tests.</summary>
public static class HttpRoutes
{
    private static readonly Lazy<IReadOnlyList<HttpRoute>> StandaloneRoutes = new(ReadStandalone);

    /// <summary>
    /// Every route of Standalone's real composition (Program.cs as a user runs it, under the test server): the endpoints
    /// its routing serves, each with its methods.
    /// </summary>
    public static IReadOnlyList<HttpRoute> Standalone => StandaloneRoutes.Value;

    /// <summary>Every HTTP trigger in an app's functions.metadata, below the route prefix of the host.json it ships.</summary>
    public static IReadOnlyList<(HttpRoute Route, string Function)> Of(FunctionsApp app)
    {
        var prefix = (string?)app.HostJson["extensions"]?["http"]?["routePrefix"] ?? "api";
        var routes = new List<(HttpRoute, string)>();
        foreach (var function in app.Metadata.OfType<JsonObject>())
        {
            foreach (var trigger in function["bindings"]!.AsArray().OfType<JsonObject>().Where(b => (string?)b["type"] == "httpTrigger"))
            {
                var route = (string?)trigger["route"] ?? (string)function["name"]!;
                var methods = trigger["methods"]?.AsArray().Select(m => (string)m!).ToList() ?? [];
                if (methods.Count == 0) throw new Xunit.Sdk.XunitException($"{app.Name}'s {function["name"]} answers every method; the hub maps one method per route.");
                foreach (var method in methods)
                    routes.Add((HttpRoute.Of(method, $"{prefix.Trim('/')}/{route.Trim('/')}"), (string)function["name"]!));
            }
        }
        return routes;
    }

    private static IReadOnlyList<HttpRoute> ReadStandalone()
    {
        var data = Directory.CreateTempSubdirectory("hub-routes-");
        // One entry point at a time (AppComposition.OneAtATime): both catch their host through the same process-wide event.
        using var building = AppComposition.OneAtATime.EnterScope();
        try
        {
            using var factory = new WebApplicationFactory<standalone::Program>().WithWebHostBuilder(host => host
                .UseSetting("Hub:DataPath", data.FullName)
                .UseSetting("Hub:RegistryPath", RepositoryPaths.SeedRegistry));
            var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints;
            var routes = new List<HttpRoute>();
            foreach (var endpoint in endpoints.OfType<RouteEndpoint>())
            {
                var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
                if (methods.Count == 0) throw new Xunit.Sdk.XunitException($"Standalone's {endpoint.RoutePattern.RawText} answers every method; the hub maps one method per route.");
                routes.AddRange(methods.Select(m => HttpRoute.Of(m, endpoint.RoutePattern.RawText!)));
            }
            return routes;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { data.Delete(recursive: true); } catch (IOException) { }
        }
    }
}
