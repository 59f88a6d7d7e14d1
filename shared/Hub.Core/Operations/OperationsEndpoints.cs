using Hub.Contracts;
using Hub.Core.Auth;
using Hub.Core.Events;
using Hub.Core.Http;
using Hub.Core.Storage;
using Hub.Core.Validation;
using Microsoft.AspNetCore.Http;

namespace Hub.Core.Operations;

/// <summary>Health probes and dead-letter administration, shared by both hosts.</summary>
public sealed class OperationsEndpoints(IReadStore readStore, IDeadLetters deadLetters, ApiKeyAuthenticator authenticator, TimeProvider time)
{
    public IResult Live() => Results.Json(new { status = "live", time = time.GetUtcNow() });

    public async Task<IResult> ReadyAsync(CancellationToken cancellationToken)
    {
        bool readStoreOk;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            readStoreOk = await readStore.IsReachableAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            readStoreOk = false;
        }
        var body = new { status = readStoreOk ? "ready" : "unavailable", checks = new { readStore = readStoreOk ? "ok" : "unreachable" } };
        return Results.Json(body, statusCode: readStoreOk ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    public async Task<IResult> ListDeadLettersAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (Admin(request) is { } denied) return denied;
        var topic = NullIfEmpty(request.Query["topic"].FirstOrDefault());
        var subscription = NullIfEmpty(request.Query["subscription"].FirstOrDefault());
        if (UnknownQueue(topic, subscription) is { } invalid) return invalid;
        var items = await deadLetters.ListAsync(topic, subscription, 500, cancellationToken).ConfigureAwait(false);
        return Results.Json(new { items });
    }

    public async Task<IResult> ReplayDeadLetterAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        if (Admin(request) is { } denied) return denied;
        return await deadLetters.ReplayAsync(id, cancellationToken).ConfigureAwait(false)
            ? Results.Json(new { id, replayed = true }, statusCode: StatusCodes.Status202Accepted)
            : Problems.NotFound($"No dead letter '{id}'.");
    }

    /// <summary>
    /// A topic or subscription the hub does not have is a mistake worth naming: an empty list would read as "nothing
    /// dead-lettered there", and Service Bus would answer a queue that does not exist with an error, not a list.
    /// </summary>
    private static IResult? UnknownQueue(string? topic, string? subscription)
    {
        var errors = new ValidationErrors();
        if (topic is not null && !Subscriptions.AllTopics.Contains(topic))
            errors.Add("topic", $"'{topic}' is not a topic of the hub; the topics are {string.Join(", ", Subscriptions.AllTopics)}.");
        else if (subscription is not null)
        {
            var known = topic is null ? Subscriptions.AllTopics.SelectMany(Subscriptions.Of).Distinct().ToList() : Subscriptions.Of(topic);
            if (!known.Contains(subscription))
                errors.Add("subscription", $"'{subscription}' is not a subscription of {(topic is null ? "any topic" : $"topic '{topic}'")}; they are {string.Join(", ", known)}.");
        }
        return errors.IsEmpty ? null : Problems.Validation(errors.ToDictionary());
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private IResult? Admin(HttpRequest request)
    {
        if (authenticator.Challenge(request, out var scope) is { } unauthorized) return unauthorized;
        return scope.Role == KeyRole.Admin ? null : Problems.Forbidden($"Dead letters need an admin key, not {scope}.");
    }
}
