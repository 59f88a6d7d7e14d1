using Hub.Core.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Hub.Functions.ReadStore;

/// <summary>
/// <c>GET /api/admin/dead-letters?topic=&amp;subscription=</c>: the dead-letter queues of the hub's subscriptions on Service Bus.
/// Anonymous at the Functions level: the endpoint wants an admin key.
/// </summary>
public sealed class ListDeadLetters(OperationsEndpoints endpoints)
{
    [Function(nameof(ListDeadLetters))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/dead-letters")] HttpRequest request,
        CancellationToken cancellationToken) =>
        endpoints.ListDeadLettersAsync(request, cancellationToken);
}
