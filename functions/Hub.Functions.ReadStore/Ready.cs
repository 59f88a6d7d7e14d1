using Hub.Core.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.ReadStore;

/// <summary><c>GET /api/health/ready</c>: 200 when the read store answers, 503 when it does not.</summary>
public sealed class Ready(OperationsEndpoints endpoints)
{
    [Function(nameof(Ready))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health/ready")] HttpRequest request,
        CancellationToken cancellationToken) =>
        endpoints.ReadyAsync(cancellationToken);
}
