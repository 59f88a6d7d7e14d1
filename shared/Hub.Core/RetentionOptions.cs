using Microsoft.Extensions.Options;

namespace Hub.Core;

/// <summary>
/// How long the hub keeps what it no longer needs, and how often it looks. Section <c>Hub:Retention</c>; every value a
/// <see cref="TimeSpan"/> (<c>30.00:00:00</c>, <c>00:02:00</c>). Each window is counted from when the thing was written
/// (a record, an upload) or finished (a report's run, a dead-lettering); what is past it goes at the next sweep, so
/// anything can outlive its window by up to <see cref="SweepInterval"/>.
/// </summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Hub:Retention";

    /// <summary>How long a webhook delivery id (an idempotency record) is recognised: far beyond any platform's retry schedule.</summary>
    public TimeSpan DeliveryIds { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long an uploaded stock report file is kept once its report is finished.</summary>
    public TimeSpan Uploads { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a finished report's status document and its errors.csv are kept (from when its run finished).</summary>
    public TimeSpan ReportResults { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How long a dead-lettered message is kept for inspection and replay (from when it was dead-lettered).</summary>
    public TimeSpan DeadLetters { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How often the sweep runs; shorter than every window, or a window would be overshot by more than itself.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Every window, by its setting name.</summary>
    public IEnumerable<(string Name, TimeSpan Window)> Windows() =>
    [
        (nameof(DeliveryIds), DeliveryIds), (nameof(Uploads), Uploads), (nameof(ReportResults), ReportResults), (nameof(DeadLetters), DeadLetters),
    ];
}

/// <summary>Checks <see cref="RetentionOptions"/> when the host starts, naming the setting that is wrong.</summary>
public sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        var failures = new List<string>();
        if (options.SweepInterval <= TimeSpan.Zero)
            failures.Add($"{RetentionOptions.SectionName}:{nameof(RetentionOptions.SweepInterval)} must be positive (it is {options.SweepInterval}).");
        foreach (var (setting, window) in options.Windows())
        {
            if (window <= TimeSpan.Zero)
                failures.Add($"{RetentionOptions.SectionName}:{setting} must be positive (it is {window}).");
            else if (options.SweepInterval > TimeSpan.Zero && options.SweepInterval >= window)
                failures.Add($"{RetentionOptions.SectionName}:{nameof(RetentionOptions.SweepInterval)} ({options.SweepInterval}) must be shorter than {setting} ({window}).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
