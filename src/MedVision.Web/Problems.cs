using System.Text.Json;

namespace MedVision.Web;

/// <summary>RFC 9457 problem details, the body of every 4xx and 5xx answer of the service.</summary>
internal static class Problems
{
    /// <summary>Writes <c>{ title, status, detail }</c> as <c>application/problem+json</c> with <paramref name="status"/>.</summary>
    public static Task WriteAsync(HttpContext http, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/problem+json";
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
        });
        return http.Response.Body.WriteAsync(body, http.RequestAborted).AsTask();
    }

    /// <summary>The answer for a refused request.</summary>
    public static IResult Of(UploadException e) => Results.Problem(statusCode: e.Status, title: e.Title, detail: e.Message);
}
