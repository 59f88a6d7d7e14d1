using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.ReadStore.Tests.Support;

/// <summary>A GET over <see cref="DefaultHttpContext"/>, and the response an <see cref="IResult"/> writes into it.</summary>
internal static class HttpExchange
{
    private static readonly IServiceProvider Services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();

    public static DefaultHttpContext Get(string? apiKey, string queryString = "")
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Request.Method = HttpMethods.Get;
        context.Request.QueryString = new QueryString(queryString);
        if (apiKey is not null) context.Request.Headers.Authorization = $"Bearer {apiKey}";
        context.Response.Body = new MemoryStream();
        return context;
    }

    public static async Task<Answer> AnswerAsync(this IResult result, HttpContext context)
    {
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        using var reader = new StreamReader(context.Response.Body, Encoding.UTF8);
        return new Answer(context.Response.StatusCode, context.Response.ContentType, context.Response.Headers.ETag.ToString(), await reader.ReadToEndAsync());
    }
}

internal sealed record Answer(int Status, string? ContentType, string ETag, string Body)
{
    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.Clone();
        }
    }

    /// <summary>The problem's <c>errors</c> map keys, sorted.</summary>
    public IEnumerable<string> ErrorFields => Json.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
}
