using Microsoft.Extensions.Options;

namespace Hub.PartnerFeeds.Client;

/// <summary>Timeouts, retries and circuit breaking of the partner HTTP client (one pipeline instance per partner).</summary>
public sealed class PartnerClientOptions
{
    public const string SectionName = "Hub:Partners:Client";

    /// <summary>Whole call, retries and their waits included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>One attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Retries after the first attempt (0 to 10).</summary>
    public int MaxRetryAttempts { get; set; } = 4;

    /// <summary>Base of the exponential, jittered back-off.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest <c>Retry-After</c> honoured; a longer one is cut to this.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Share of failed attempts in the sampling window that opens a partner's circuit.</summary>
    public double CircuitFailureRatio { get; set; } = 0.5;

    /// <summary>Attempts in the sampling window before the circuit may open.</summary>
    public int CircuitMinimumThroughput { get; set; } = 10;

    public TimeSpan CircuitSamplingDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long an open circuit rejects calls before one probe is let through.</summary>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long before its expiry an OAuth2 token is refreshed (at most half its lifetime).</summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>Rejects option values the resilience pipeline would refuse later, or that make no sense, with the offending key named.</summary>
public sealed class PartnerClientOptionsValidator : IValidateOptions<PartnerClientOptions>
{
    public ValidateOptionsResult Validate(string? name, PartnerClientOptions o)
    {
        var failures = new List<string>();
        void Require(bool ok, string message) { if (!ok) failures.Add($"{PartnerClientOptions.SectionName}:{message}"); }

        // Polly refuses timeouts under 10 ms and breaks/samplings under 500 ms.
        Require(o.AttemptTimeout >= TimeSpan.FromMilliseconds(10), $"{nameof(o.AttemptTimeout)} must be at least 10 ms (was {o.AttemptTimeout}).");
        Require(o.TotalTimeout >= o.AttemptTimeout, $"{nameof(o.TotalTimeout)} ({o.TotalTimeout}) must be at least {nameof(o.AttemptTimeout)} ({o.AttemptTimeout}).");
        Require(o.MaxRetryAttempts is >= 0 and <= 10, $"{nameof(o.MaxRetryAttempts)} must be 0 to 10 (was {o.MaxRetryAttempts}).");
        Require(o.RetryBaseDelay > TimeSpan.Zero, $"{nameof(o.RetryBaseDelay)} must be positive (was {o.RetryBaseDelay}).");
        Require(o.MaxRetryAfter > TimeSpan.Zero, $"{nameof(o.MaxRetryAfter)} must be positive (was {o.MaxRetryAfter}).");
        Require(o.CircuitFailureRatio is > 0 and <= 1, $"{nameof(o.CircuitFailureRatio)} must be in (0, 1] (was {o.CircuitFailureRatio}).");
        Require(o.CircuitMinimumThroughput >= 2, $"{nameof(o.CircuitMinimumThroughput)} must be at least 2 (was {o.CircuitMinimumThroughput}).");
        Require(o.CircuitSamplingDuration >= TimeSpan.FromMilliseconds(500), $"{nameof(o.CircuitSamplingDuration)} must be at least 500 ms (was {o.CircuitSamplingDuration}).");
        Require(o.CircuitBreakDuration >= TimeSpan.FromMilliseconds(500), $"{nameof(o.CircuitBreakDuration)} must be at least 500 ms (was {o.CircuitBreakDuration}).");
        Require(o.TokenRefreshMargin >= TimeSpan.Zero, $"{nameof(o.TokenRefreshMargin)} must not be negative (was {o.TokenRefreshMargin}).");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
