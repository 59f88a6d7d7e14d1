using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Orders.Tests.Support;

/// <summary>A request over <see cref="DefaultHttpContext"/>, and the response an <see cref="IResult"/> writes into it.</summary>
internal static class HttpExchange
{
    private static readonly IServiceProvider Services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();

    public static DefaultHttpContext Post(Stream body, string? contentType, long? contentLength, IHeaderDictionary? headers = null)
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Request.Method = HttpMethods.Post;
        context.Request.Body = body;
        context.Request.ContentType = contentType;
        context.Request.ContentLength = contentLength;
        foreach (var (name, value) in headers ?? new HeaderDictionary()) context.Request.Headers[name] = value;
        context.Response.Body = new MemoryStream();
        return context;
    }

    public static async Task<Answer> AnswerAsync(this IResult result, HttpContext context)
    {
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        using var reader = new StreamReader(context.Response.Body, Encoding.UTF8);
        return new Answer(context.Response.StatusCode, context.Response.ContentType, await reader.ReadToEndAsync());
    }
}

internal sealed record Answer(int Status, string? ContentType, string Body)
{
    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.Clone();
        }
    }
}

/// <summary>A body the endpoint must refuse without reading.</summary>
internal sealed class UnreadableStream : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("The body was read.");
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => throw new InvalidOperationException("The body was read.");
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
