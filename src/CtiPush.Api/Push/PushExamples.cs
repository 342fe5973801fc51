using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CtiPush.Push;

/// <summary>One example body per event, the ones the protocol document gives, so Swagger UI can send them as they are.</summary>
internal sealed class PushExamples : IOperationFilter
{
    private static readonly (string Name, string Summary, JsonObject Body)[] Examples =
    [
        ("newCall", "An inbound call ringing Alice and Bob", new JsonObject
        {
            ["event"] = "newCall", ["from"] = "493055571600", ["to"] = "491711234567890", ["direction"] = "in",
            ["callId"] = "123456", ["user[]"] = new JsonArray("Alice", "Bob"),
        }),
        ("answer", "John Doe answers", new JsonObject
        {
            ["event"] = "answer", ["callId"] = "123456", ["user"] = "John Doe", ["from"] = "493055571600",
            ["to"] = "491711234567890", ["direction"] = "in", ["answeringNumber"] = "21199999999",
        }),
        ("hangup", "The call ends normally", new JsonObject
        {
            ["event"] = "hangup", ["cause"] = "normalClearing", ["callId"] = "123456", ["from"] = "493055571600",
            ["to"] = "491711234567890", ["direction"] = "in", ["answeringNumber"] = "4921199999999",
        }),
    ];

    private static readonly (string Name, string Summary, JsonObject Body)[] Answers =
    [
        ("nothing", "No rule applies (and every answer or hangup)", new JsonObject()),
        ("reject", "Reject a blocked inbound caller, signalling busy", new JsonObject { ["action"] = "reject", ["reason"] = "busy" }),
        ("dial", "Dial an outbound call with a chosen caller id", new JsonObject
        {
            ["action"] = "dial", ["callerId"] = "493055571642", ["number"] = "491711234567890", ["caller_id"] = "493055571642",
        }),
    ];

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<RouteNameMetadata>().FirstOrDefault()?.RouteName != "ReceiveCtiEvent"
            || operation.RequestBody?.Content is not { } content)
        {
            return;
        }
        foreach (var media in content.Values.OfType<OpenApiMediaType>())
        {
            media.Examples = ToExamples(Examples);
        }
        if (operation.Responses is { } responses && responses.TryGetValue("200", out var ok)
            && ok.Content is { } okContent && okContent.TryGetValue("application/json", out var json)
            && json is OpenApiMediaType answer)
        {
            answer.Examples = ToExamples(Answers);
        }
    }

    private static Dictionary<string, IOpenApiExample> ToExamples((string Name, string Summary, JsonObject Body)[] examples) =>
        examples.ToDictionary(e => e.Name, e => (IOpenApiExample)new OpenApiExample { Summary = e.Summary, Value = e.Body.DeepClone() });
}
