using Hub.Contracts.Http;
using Hub.Core.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.ReadStore;

/// <summary><c>GET /api/openapi.json</c>: the document of every route of every app, the same bytes Standalone serves. No key needed.</summary>
public sealed class OpenApiDocument(OpenApiEndpoint endpoint)
{
    [Function(nameof(OpenApiDocument))]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = HttpContract.OpenApiRoute)] HttpRequest request) =>
        endpoint.Get();
}
