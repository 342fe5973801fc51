using System.Threading.RateLimiting;
using CtiPush.CallLog;
using CtiPush.Infrastructure;
using CtiPush.People;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Serilog;
using CtiPush.Core;

namespace CtiPush.Push;

/// <summary>The endpoint PBXs post <c>newCall</c>, <c>answer</c> and <c>hangup</c> to (or Placetel's events, <see cref="PlacetelDialect"/>).</summary>
public static class PushApi
{
    public const string RoutePrefix = "/api/v1/cti";
    private const string RateLimitPolicy = "push";

    public static IHostApplicationBuilder AddPush(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CtiOptions>().BindConfiguration(CtiOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<CtiOptions>, CtiOptionsValidator>();
        builder.Services.AddSingleton<PbxTokens>();
        builder.Services.AddSingleton<PbxGuard>();
        builder.Services.AddSingleton<PushMetrics>();
        builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails += AddErrorString);
        builder.Services.AddSingleton<ILogRedactor, PushTokenRedactor>();
        builder.Services.ConfigureSwaggerGen(swagger => swagger.OperationFilter<PushExamples>());
        // The token is checked in the partitioner, so only wrong ones count; a right one costs a look-up, no wait.
        RateLimits.AddPolicy(builder.Services, RateLimitPolicy, (context, limits) =>
            context.RequestServices.GetRequiredService<PbxTokens>().SourceOf(context.GetRouteValue("token") as string) is not null
                ? RateLimitPartition.GetNoLimiter("pbx")
                : RateLimits.PerAddress(context, "wrong-token", limits.WrongTokensPerMinute));
        return builder;
    }

    public static IEndpointRouteBuilder MapPushApi(this IEndpointRouteBuilder app)
    {
        var push = app.MapGroup(RoutePrefix)
            .WithTags("Push (PBX)")
            .DisableAntiforgery(); // PBXs post plain forms without an antiforgery token

        push.MapPost("/{token?}", ReceiveEvent)
            .WithName("ReceiveCtiEvent")
            .RequireRateLimiting(RateLimitPolicy)
            .AddEndpointFilter(PushMetrics.Measure)
            .WithSummary("Receive a call event from a PBX")
            .WithDescription("newCall, answer or hangup of the generic CTI push protocol. The answer to newCall tells the PBX what to do: {} for nothing, reject, or dial with a caller id. A PBX configured with Cti:Formats:{name}=sipgate gets sipgate.io's XML instead; with Cti:Formats:{name}=placetel the PBX posts Placetel's notify API (event IncomingCall, OutgoingCall, CallAccepted or HungUp, call_id, from, to, peer, type) and gets Placetel's XML.")
            .Accepts<PushForm>("application/x-www-form-urlencoded", "multipart/form-data", "application/json")
            .Produces<PushAnswer>(StatusCodes.Status200OK, "application/json", SipgateAnswer.ContentType)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status408RequestTimeout)
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
        PushMetrics metrics,
        IDiagnosticContext diagnostics,
        CancellationToken cancellationToken)
    {
        if (tokens.SourceOf(token) is not { } source)
        {
            return Problem(StatusCodes.Status401Unauthorized, "Unknown token", "The token in the URL is not the token of a configured PBX.");
        }
        diagnostics.Set("Source", source);
        request.HttpContext.Items[PushMetrics.SourceItem] = source;
        if (!guard.Admits(source, request.HttpContext.Connection.RemoteIpAddress))
        {
            return Problem(StatusCodes.Status403Forbidden, "Address not allowed", $"This PBX posts only from the networks of Cti:AllowedNetworks:{source}.");
        }

        var (raw, unread) = await PushBodyReader.ReadBytesAsync(request, cancellationToken);
        if (raw is null)
        {
            return Problem(unread!.Status, "Body refused", unread.Problem!);
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

        var placetel = options.Value.SpeaksPlacetel(source);
        var (e, errors) = placetel ? PlacetelDialect.Bind(body.Fields) : PushEventBinder.Bind(body.Fields);
        if (e is null)
        {
            return Invalid(errors);
        }
        if (placetel && PlacetelDialect.PeerOf(e) is { } peer
            && await request.HttpContext.RequestServices.GetRequiredService<PbxNameLookup>().IsPersonsAsync(peer, cancellationToken))
        {
            e = e with { Users = [peer] }; // the SIP peer is a person's PBX name: that person answered, or called
        }
        diagnostics.Set("Event", WireName<CallState>.Of(e.Type));
        request.HttpContext.Items[PushMetrics.TypeItem] = WireName<CallState>.Of(e.Type);
        diagnostics.Set("CallId", e.CallId);

        var call = await recorder.RecordAsync(source, e, body.Fields.ToJson(), cancellationToken);
        diagnostics.Set("Decision", call.Decision.Rule);
        if (e.Type == CallState.NewCall)
        {
            metrics.Decided(call.Decision.Action, source);
        }
        if (placetel)
        {
            return TypedResults.Content(PlacetelAnswer.For(e, call), XmlAnswer.ContentType);
        }
        if (options.Value.AnswersInSipgateXml(source))
        {
            // Never from the request's Host: the client chooses it.
            return TypedResults.Content(SipgateAnswer.For(e, call, options.Value.PushUrl(RoutePrefix, token!)), SipgateAnswer.ContentType);
        }
        return TypedResults.Ok(PushAnswer.For(e, call));
    }

    private static ProblemHttpResult Problem(int status, string title, string detail, Dictionary<string, string[]>? errors = null) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail,
            extensions: errors is null ? null : new Dictionary<string, object?> { ["errors"] = errors });

    /// <summary>
    /// 422 naming each wrong field by its name in the protocol, as a validation problem does; the detail sums them up in
    /// one sentence for the <c>error</c> string.
    /// </summary>
    private static ProblemHttpResult Invalid(Dictionary<string, string[]> errors) =>
        Problem(StatusCodes.Status422UnprocessableEntity, "Invalid event",
            string.Join(" ", errors.SelectMany(field => field.Value.Select(message => $"{field.Key} {message}"))), errors);

    /// <summary>
    /// Every problem body of the push route — the handler's, the rate limiter's, the database's 503 — also carries
    /// <c>error</c>, the plain string clients written against the protocol read.
    /// </summary>
    private static void AddErrorString(ProblemDetailsContext context)
    {
        if (context.HttpContext.Request.Path.StartsWithSegments(RoutePrefix, StringComparison.OrdinalIgnoreCase))
        {
            context.ProblemDetails.Extensions.TryAdd("error", context.ProblemDetails.Detail ?? context.ProblemDetails.Title);
        }
    }
}
