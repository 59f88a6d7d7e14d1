using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hub.Testing.Telemetry;

/// <summary>
/// An OTLP/HTTP (protobuf) collector on a loopback port: what a host exports when <see cref="Settings"/> are its
/// environment. Keeps every span and every metric data point it was sent, decoded far enough for tests to follow a trace.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<OtlpSpan> _spans = new();
    private readonly ConcurrentQueue<OtlpMetricPoint> _points = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>What a host's environment needs to export here promptly: OTLP over HTTP, batches every 200 ms, metrics every 500 ms.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint.ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
    };

    public IReadOnlyList<OtlpSpan> Spans => [.. _spans];
    public IReadOnlyList<OtlpMetricPoint> MetricPoints => [.. _points];

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            foreach (var span in OtlpProtobuf.ReadSpans(await ReadAsync(request))) receiver._spans.Enqueue(span);
            return Results.Bytes([], "application/x-protobuf");
        });
        app.MapPost("/v1/metrics", async (HttpRequest request) =>
        {
            foreach (var point in OtlpProtobuf.ReadMetricPoints(await ReadAsync(request))) receiver._points.Enqueue(point);
            return Results.Bytes([], "application/x-protobuf");
        });
        app.MapPost("/v1/logs", () => Results.Bytes([], "application/x-protobuf"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Endpoint = new Uri(address);
        return receiver;
    }

    private static async Task<byte[]> ReadAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    /// <summary>Waits until a span matches; throws with what did arrive if none does in time.</summary>
    public async Task<OtlpSpan> WaitForSpanAsync(Func<OtlpSpan, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_spans.FirstOrDefault(match) is { } span) return span;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No matching span within {timeout}; received: {string.Join(", ", _spans.Select(s => s.Name))}");
            await Task.Delay(100);
        }
    }

    /// <summary>Waits until the newest point of the metric that <paramref name="match"/> accepts satisfies <paramref name="until"/>.</summary>
    public async Task<OtlpMetricPoint?> WaitForMetricAsync(string name, Func<OtlpMetricPoint, bool> match, Func<OtlpMetricPoint?, bool> until, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var latest = _points.LastOrDefault(p => p.Name == name && match(p));
            if (until(latest) || DateTime.UtcNow > deadline) return latest;
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>An exported span: ids in lower-case hex, as W3C trace context writes them; no parent is an empty string.</summary>
public sealed record OtlpSpan(string TraceId, string SpanId, string ParentSpanId, string Name, OtlpSpanKind Kind, IReadOnlyDictionary<string, string> Attributes);

public enum OtlpSpanKind { Unspecified = 0, Internal = 1, Server = 2, Client = 3, Producer = 4, Consumer = 5 }

/// <summary>One data point of a sum or gauge; the value as a double whichever way it was sent.</summary>
public sealed record OtlpMetricPoint(string Name, IReadOnlyDictionary<string, string> Attributes, double Value);

/// <summary>
/// Just enough of the protobuf wire format to read OTLP's ExportTraceServiceRequest and ExportMetricsServiceRequest
/// (opentelemetry-proto, trace/v1 and metrics/v1): field numbers as the .proto files give them.
/// </summary>
public static class OtlpProtobuf
{
    public static IEnumerable<OtlpSpan> ReadSpans(byte[] request) =>
        from resource in Fields(request).Where(f => f.Number == 1)           // ResourceSpans
        from scope in Fields(resource.Bytes).Where(f => f.Number == 2)       // ScopeSpans
        from span in Fields(scope.Bytes).Where(f => f.Number == 2)           // Span
        select ReadSpan(span.Bytes);

    private static OtlpSpan ReadSpan(ReadOnlyMemory<byte> span)
    {
        string traceId = "", spanId = "", parent = "", name = "";
        var kind = OtlpSpanKind.Unspecified;
        var attributes = new Dictionary<string, string>();
        foreach (var field in Fields(span))
        {
            switch (field.Number)
            {
                case 1: traceId = Convert.ToHexStringLower(field.Bytes.Span); break;
                case 2: spanId = Convert.ToHexStringLower(field.Bytes.Span); break;
                case 4: parent = Convert.ToHexStringLower(field.Bytes.Span); break;
                case 5: name = System.Text.Encoding.UTF8.GetString(field.Bytes.Span); break;
                case 6: kind = (OtlpSpanKind)field.Varint; break;
                case 9: AddAttribute(attributes, field.Bytes); break;
            }
        }
        return new OtlpSpan(traceId, spanId, parent, name, kind, attributes);
    }

    public static IEnumerable<OtlpMetricPoint> ReadMetricPoints(byte[] request) =>
        from resource in Fields(request).Where(f => f.Number == 1)           // ResourceMetrics
        from scope in Fields(resource.Bytes).Where(f => f.Number == 2)       // ScopeMetrics
        from metric in Fields(scope.Bytes).Where(f => f.Number == 2)         // Metric
        from point in ReadMetric(metric.Bytes)
        select point;

    private static IEnumerable<OtlpMetricPoint> ReadMetric(ReadOnlyMemory<byte> metric)
    {
        var name = "";
        var points = new List<ReadOnlyMemory<byte>>();
        foreach (var field in Fields(metric))
        {
            if (field.Number == 1) name = System.Text.Encoding.UTF8.GetString(field.Bytes.Span);
            // gauge = 5, sum = 7: both hold NumberDataPoints as field 1.
            else if (field.Number is 5 or 7) points.AddRange(Fields(field.Bytes).Where(f => f.Number == 1).Select(f => f.Bytes));
        }
        foreach (var point in points)
        {
            var attributes = new Dictionary<string, string>();
            double value = 0;
            foreach (var field in Fields(point))
            {
                switch (field.Number)
                {
                    case 7: AddAttribute(attributes, field.Bytes); break;
                    case 4: value = BitConverter.Int64BitsToDouble((long)field.Varint); break;   // as_double (fixed64)
                    case 6: value = (long)field.Varint; break;                                   // as_int (sfixed64)
                }
            }
            yield return new OtlpMetricPoint(name, attributes, value);
        }
    }

    /// <summary>A KeyValue whose AnyValue is a string (1), bool (2), int (3) or double (4), kept as text.</summary>
    private static void AddAttribute(Dictionary<string, string> attributes, ReadOnlyMemory<byte> keyValue)
    {
        string? key = null, value = null;
        foreach (var field in Fields(keyValue))
        {
            if (field.Number == 1) key = System.Text.Encoding.UTF8.GetString(field.Bytes.Span);
            else if (field.Number == 2)
            {
                foreach (var any in Fields(field.Bytes))
                {
                    value = any.Number switch
                    {
                        1 => System.Text.Encoding.UTF8.GetString(any.Bytes.Span),
                        2 => (any.Varint != 0).ToString(),
                        3 => ((long)any.Varint).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        4 => BitConverter.Int64BitsToDouble((long)any.Varint).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        _ => value,
                    };
                }
            }
        }
        if (key is not null) attributes[key] = value ?? "";
    }

    /// <summary>A field: its number, and its value as a varint / fixed number (<see cref="Varint"/>) or bytes.</summary>
    private readonly record struct Field(int Number, ulong Varint, ReadOnlyMemory<byte> Bytes);

    private static List<Field> Fields(ReadOnlyMemory<byte> message)
    {
        var fields = new List<Field>();
        var span = message.Span;
        var at = 0;
        while (at < span.Length)
        {
            var tag = ReadVarint(span, ref at);
            var number = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0: fields.Add(new Field(number, ReadVarint(span, ref at), default)); break;
                case 1: fields.Add(new Field(number, BitConverter.ToUInt64(span.Slice(at, 8)), default)); at += 8; break;
                case 2:
                    var length = (int)ReadVarint(span, ref at);
                    fields.Add(new Field(number, 0, message.Slice(at, length)));
                    at += length;
                    break;
                case 5: fields.Add(new Field(number, BitConverter.ToUInt32(span.Slice(at, 4)), default)); at += 4; break;
                default: throw new InvalidDataException($"Unsupported protobuf wire type {tag & 7} at byte {at}.");
            }
        }
        return fields;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> span, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = span[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
    }
}
