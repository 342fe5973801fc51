using CtiPush.CallLog;
using CtiPush.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Serilog;

namespace CtiPush.Push;

/// <summary>The endpoint PBXs post <c>newCall</c>, <c>answer</c> and <c>hangup</c> to.</summary>
public static class PushApi
{
    public const string RoutePrefix = "/api/v1/cti";

    public static IHostApplicationBuilder AddPush(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CtiOptions>().BindConfiguration(CtiOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<CtiOptions>, CtiOptionsValidator>();
        builder.Services.AddSingleton<PbxTokens>();
        builder.Services.AddSingleton<PbxGuard>();
        return builder;
    }

    public static IEndpointRouteBuilder MapPushApi(this IEndpointRouteBuilder app)
    {
        var push = app.MapGroup(RoutePrefix)
            .WithTags("Push (PBX)")
            .DisableAntiforgery(); // PBXs post plain forms without an antiforgery token

        push.MapPost("/{token?}", ReceiveEvent)
            .WithName("ReceiveCtiEvent")
            .RequireRateLimiting(Infrastructure.RateLimits.PushPolicy)
            .WithPushMetrics()
            .WithSummary("Receive a call event from a PBX")
            .WithDescription("newCall, answer or hangup of the generic CTI push protocol. The answer to newCall tells the PBX what to do: {} for nothing, reject, or dial with a caller id. A PBX configured with Cti:Formats:{name}=sipgate gets sipgate.io's XML instead.")
            .Accepts<PushForm>("application/x-www-form-urlencoded", "multipart/form-data", "application/json")
            .Produces<PushAnswer>(StatusCodes.Status200OK, "application/json", SipgateAnswer.ContentType)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<Results<Ok<PushAnswer>, ContentHttpResult, ProblemHttpResult>> ReceiveEvent(
        string? token,
        HttpRequest request,
        PbxTokens tokens,
        PbxGuard guard,
        IOptions<CtiOptions> options,
        CallRecorder recorder,
        CtiPushMetrics metrics,
        IDiagnosticContext diagnostics,
        CancellationToken cancellationToken)
    {
        if (tokens.SourceOf(token) is not { } source)
        {
            return Problem(StatusCodes.Status401Unauthorized, "Unknown token", "The token in the URL is not the token of a configured PBX.");
        }
        diagnostics.Set("Source", source);
        request.HttpContext.Items[Metrics.PushSource] = source;
        if (!guard.Admits(source, request.HttpContext.Connection.RemoteIpAddress))
        {
            return Problem(StatusCodes.Status403Forbidden, "Address not allowed", $"This PBX posts only from the networks of Cti:AllowedNetworks:{source}.");
        }

        var raw = await PushBodyReader.ReadBytesAsync(request, cancellationToken);
        if (raw is null)
        {
            return Problem(PushBodyResult.TooLarge.Status, "Body refused", PushBodyResult.TooLarge.Problem!);
        }
        if (guard.SignatureProblem(source, request.Headers, raw) is { } unsigned)
        {
            return Problem(StatusCodes.Status401Unauthorized, "Bad signature", unsigned);
        }
        var body = await PushBodyReader.ParseAsync(raw, request.ContentType);
        if (body.Fields is null)
        {
            return Problem(body.Status, body.Status == StatusCodes.Status422UnprocessableEntity ? "Invalid event" : "Body refused", body.Problem!);
        }

        var (e, errors) = PushEventBinder.Bind(body.Fields);
        if (e is null)
        {
            return Invalid(errors);
        }
        diagnostics.Set("Event", WireNames.Of(e.Type));
        request.HttpContext.Items[Metrics.PushType] = WireNames.Of(e.Type);
        diagnostics.Set("CallId", e.CallId);

        var call = await recorder.RecordAsync(source, e, body.Fields.ToJson(), cancellationToken);
        diagnostics.Set("Decision", call.Decision.Rule);
        if (e.Type == CallState.NewCall)
        {
            metrics.Decided(call.Decision.Action, source);
        }
        if (options.Value.AnswersInSipgateXml(source))
        {
            var baseUrl = options.Value.PublicBaseUrl?.TrimEnd('/') ?? $"{request.Scheme}://{request.Host}{request.PathBase}";
            var pushUrl = $"{baseUrl}{RoutePrefix}/{token}";
            return TypedResults.Content(SipgateAnswer.For(e, call, pushUrl), SipgateAnswer.ContentType);
        }
        return TypedResults.Ok(PushAnswer.For(e, call));
    }

    /// <summary>A problem body (RFC 9457) that also carries <c>error</c>, the plain string protocol clients read.</summary>
    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Extensions = { ["error"] = detail },
        });

    private static ProblemHttpResult Invalid(Dictionary<string, string[]> errors)
    {
        var summary = string.Join(" ", errors.SelectMany(field => field.Value.Select(message => $"{field.Key} {message}")));
        return TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "Invalid event",
            Detail = summary,
            Extensions = { ["error"] = summary },
        });
    }
}
