using Hub.Core.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.ReadStore;

/// <summary>
/// <c>POST /api/admin/dead-letters/{id}/replay</c>: sends a dead letter back to its topic. Anonymous at the Functions level:
/// the endpoint wants an admin key.
/// </summary>
public sealed class ReplayDeadLetter(OperationsEndpoints endpoints)
{
    [Function(nameof(ReplayDeadLetter))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/dead-letters/{id}/replay")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        endpoints.ReplayDeadLetterAsync(request, id, cancellationToken);
}
