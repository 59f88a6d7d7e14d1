namespace Hub.Azure.Tests.Live;

/// <summary>
/// Live contract tests run against real services only when their connection string is in the environment;
/// otherwise they are reported as skipped. Point them at resources kept for tests: they create and consume messages.
/// </summary>
internal static class LiveSettings
{
    public const string ServiceBusVariable = "HUB_TEST_SERVICEBUS";
    public const string CosmosVariable = "HUB_TEST_COSMOS";

    public static string? Read(string variable) => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null;

    /// <summary>The connection string, or a dynamic skip of the running test.</summary>
    public static string Require(string variable)
    {
        var value = Read(variable);
        if (value is null) Assert.Skip($"{variable} is not set");
        return value;
    }
}
