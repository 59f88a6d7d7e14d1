namespace Hub.Functions.Tests;

/// <summary>
/// The two hosts serve one HTTP surface: every route Standalone maps is an HTTP trigger of exactly one Functions app, with
/// the same method and template, and no app has a route Standalone lacks. Both sides are read from the hosts as built
/// (Standalone's endpoint data source, each app's functions.metadata and host.json), so a route added to one host and
/// not the other fails here.
/// </summary>
public sealed class every_route_is_served_alike_by_standalone_and_exactly_one_functions_app
{
    private static IEnumerable<(HttpRoute Route, string Owner)> FunctionsRoutes() =>
        FunctionsApp.All.SelectMany(app => HttpRoutes.Of(app).Select(r => (r.Route, $"{app.Name}.{r.Function}")));

    [Fact]
    public void standalone_and_the_functions_apps_have_http_routes_to_compare()
    {
        // Guards the comparisons below against both sides reading nothing.
        Assert.True(HttpRoutes.Standalone.Count >= 10, $"Standalone maps only: {string.Join(", ", HttpRoutes.Standalone)}");
        Assert.Contains(FunctionsApp.OrderSync, FunctionsApp.All);
        Assert.Contains(FunctionsApp.ReadStore, FunctionsApp.All);
        Assert.Contains(FunctionsApp.StockReports, FunctionsApp.All);
        Assert.Contains(FunctionsApp.Matchmaking, FunctionsApp.All);
        Assert.All(FunctionsApp.All, app => Assert.NotEmpty(HttpRoutes.Of(app)));
    }

    [Fact]
    public void standalone_maps_each_route_once()
    {
        var repeated = HttpRoutes.Standalone.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key.ToString()).ToList();
        Assert.Empty(repeated);
    }

    [Fact]
    public void every_standalone_route_is_mapped_by_exactly_one_functions_app_with_the_same_method_and_template()
    {
        var owners = FunctionsRoutes().ToLookup(r => r.Route, r => r.Owner);
        var faults = new List<string>();
        foreach (var route in HttpRoutes.Standalone)
        {
            var mappedBy = owners[route].ToList();
            if (mappedBy.Count != 1)
                faults.Add($"{route}: mapped by {(mappedBy.Count == 0 ? "no Functions app" : string.Join(" and ", mappedBy))}");
        }
        Assert.Empty(faults);
    }

    [Fact]
    public void no_functions_app_maps_an_http_route_that_standalone_does_not()
    {
        var standalone = HttpRoutes.Standalone.ToHashSet();
        var extra = FunctionsRoutes().Where(r => !standalone.Contains(r.Route)).Select(r => $"{r.Owner}: {r.Route}").ToList();
        Assert.Empty(extra);
    }

    [Theory]
    [InlineData("get", "orders/{platformId}/{orderId:minlength(1)}", "GET", "/orders/{platformId}/{orderId}")]
    [InlineData("Post", "/api/admin/dead-letters/{id?}/replay/", "POST", "/api/admin/dead-letters/{id}/replay")]
    [InlineData("GET", "api/files/{**path}", "GET", "/api/files/{path}")]
    public void routes_compare_without_constraints_optional_marks_or_slashes(string method, string template, string expectedMethod, string expectedTemplate) =>
        Assert.Equal(new HttpRoute(expectedMethod, expectedTemplate), HttpRoute.Of(method, template));
}
