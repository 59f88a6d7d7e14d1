using Hub.Core.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.ReadStore;

/// <summary><c>GET /api/health</c>: the process is up. No key needed, so that probes can call it.</summary>
public sealed class Health(OperationsEndpoints endpoints)
{
    [Function(nameof(Health))]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request) =>
        endpoints.Live();
}
