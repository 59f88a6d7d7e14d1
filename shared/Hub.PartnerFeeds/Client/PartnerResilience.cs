using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Hub.PartnerFeeds.Client;

/// <summary>
/// The partner pipeline, outermost first: total timeout, retry, circuit breaker, attempt timeout. The circuit breaker sits
/// inside the retry so that every failed attempt counts, and inside one pipeline instance per partner so that one partner's
/// outage does not open another's circuit.
/// </summary>
internal static class PartnerResilience
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, PartnerClientOptions options, TimeProvider time)
    {
        builder.AddTimeout(new HttpTimeoutStrategyOptions { Name = "partner-total", Timeout = options.TotalTimeout });
        // Polly refuses a retry strategy of no retries; MaxRetryAttempts = 0 means no retry strategy at all.
        if (options.MaxRetryAttempts > 0)
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                Name = "partner-retry",
                // The default predicate: 5xx, 408, 429, HttpRequestException and attempt timeouts. POSTs are not excluded
                // (no DisableForUnsafeHttpMethods): every order push carries an Idempotency-Key, so a partner that received
                // an attempt whose answer we lost applies the order once and answers the repeat with the first result.
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                ShouldRetryAfterHeader = false,
                // A refusal of the network guard (a private address, a redirect) is the same on every attempt.
                ShouldHandle = args => ValueTask.FromResult(
                    !Hub.PartnerFeeds.Http.PartnerRefusals.IsRefusal(args.Outcome.Exception) && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, options.MaxRetryAfter, time)),
            });
        builder
            .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                Name = "partner-circuit",
                FailureRatio = options.CircuitFailureRatio,
                MinimumThroughput = options.CircuitMinimumThroughput,
                SamplingDuration = options.CircuitSamplingDuration,
                BreakDuration = options.CircuitBreakDuration,
            })
            .AddTimeout(new HttpTimeoutStrategyOptions { Name = "partner-attempt", Timeout = options.AttemptTimeout });
    }

    /// <summary>
    /// The wait a 429 or 503 asks for (delta seconds or HTTP-date), capped; null (use the back-off) for anything else.
    /// </summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan cap, TimeProvider time)
    {
        if (response is null || response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable))
            return null;
        var header = response.Headers.RetryAfter;
        TimeSpan? wait = header switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - time.GetUtcNow(),
            _ => null,
        };
        if (wait is null)
            return null;
        if (wait < TimeSpan.Zero)
            return TimeSpan.Zero;
        return wait > cap ? cap : wait;
    }
}
