using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hub.Benchmarks.Bare;

/// <summary>
/// The floor to compare Standalone with: Kestrel on the slim builder, one POST route on the webhook path that reads
/// the whole body as Standalone does and answers 202 with a small JSON, and nothing else.
/// </summary>
public static class BareServer
{
    public const string Command = "bare-server";

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // "Now listening on:" is how the harness learns the port.
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);

        var app = builder.Build();
        app.MapPost("/api/webhooks/orders/{platformId}", async (HttpRequest request, string platformId, CancellationToken ct) =>
        {
            var length = await ReadBodyAsync(request, ct);
            return Results.Json(new BareAnswer($"{platformId}:{length}", false), BareJson.Default.BareAnswer, statusCode: StatusCodes.Status202Accepted);
        });
        await app.RunAsync();
        return 0;
    }

    private static async Task<int> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength is { } declared)
        {
            var exact = new byte[declared];
            await request.Body.ReadExactlyAsync(exact, ct);
            return exact.Length;
        }
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        return (int)buffer.Length;
    }
}

public sealed record BareAnswer(string IngestionId, bool Duplicate);

[JsonSerializable(typeof(BareAnswer))]
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
internal sealed partial class BareJson : JsonSerializerContext;
