using CtiPush.Data;
using CtiPush.Infrastructure;
using CtiPush.Numbers;
using CtiPush.People;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.Privacy;

/// <summary>
/// A caller's data on request (GDPR articles 15 and 17): everything stored about one number as one document, and
/// its erasure from every store in one transaction. Admins only.
/// </summary>
public static class PrivacyApi
{
    public const int ReasonLength = 200;

    public static IHostApplicationBuilder AddPrivacy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PrivacyOptions>().BindConfiguration(PrivacyOptions.Section)
            .Validate(o => o.HashSalt is null or "" or { Length: >= 16 }, "Privacy:HashSalt must be 16 characters or more (or unset, to have one made and kept).")
            .ValidateOnStart();
        builder.Services.AddSingleton<ErasureHash>();
        builder.Services.AddScoped<PersonalDataStores>();
        // Last of the stores: it takes the number out of the audit entries the others' changes wrote.
        builder.Services.AddScoped<IPersonalData, AuditTrailData>();
        return builder;
    }

    public static IEndpointRouteBuilder MapPrivacyApi(this IEndpointRouteBuilder app)
    {
        var privacy = app.MapGroup("/api/v1/privacy").WithTags("Privacy").RequireRole(Roles.Admin);
        privacy.MapGet("/export", Export).WithName("ExportPersonalData")
            .WithSummary("Everything stored about one number (any format): calls with their events, callbacks, notes, contacts, audit entries");
        privacy.MapPost("/erase", Erase).WithName("ErasePersonalData")
            .WithSummary("Erase one number (any format) from every store in one transaction; answers what was changed");
        return app;
    }

    private static async Task<Results<Ok<PrivacyExport>, ProblemHttpResult>> Export(
        string? number, CtiPushDbContext db, PhoneNumberNormalizer numbers, PersonalDataStores stores, AuditLog audit, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (Parse(number, numbers) is not { } matcher)
        {
            return Refused(number, numbers);
        }
        return TypedResults.Ok(await stores.ExportAsync(new PersonalDataScope(db, matcher, audit.Actor, time.GetUtcNow()), cancellationToken));
    }

    private static async Task<Results<Ok<ErasureReport>, ProblemHttpResult>> Erase(
        EraseRequest request, CtiPushDbContext db, PhoneNumberNormalizer numbers, PersonalDataStores stores, ErasureHash hash,
        AuditLog audit, TimeProvider time, ILogger<PersonalDataStores> logger)
    {
        var errors = new Dictionary<string, string[]>();
        var matcher = Parse(request.Number, numbers);
        if (matcher is null)
        {
            errors["number"] = [NumberProblem(request.Number, numbers)];
        }
        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            errors["reason"] = ["is required: why the number is erased (kept in the audit list, without the number)."];
        }
        else if (TextAttribute.Problem(request.Reason, ReasonLength) is { } problem)
        {
            errors["reason"] = [problem];
        }
        if (matcher is null || errors.Count > 0)
        {
            return ProblemResults.Unprocessable(errors, "Cannot erase");
        }

        var reference = await hash.OfAsync(db, matcher.Digits);
        var prefix = AuditTrailData.ErasurePrefix(reference);
        var repeated = await db.Set<AuditEntry>().AsNoTracking().AnyAsync(e => e.Action == AuditTrailData.EraseAction && e.Target!.StartsWith(prefix));
        var counts = await stores.EraseAsync(db, matcher, audit.Actor, time.GetUtcNow(), counts =>
        {
            audit.Record(AuditTrailData.EraseAction, $"{prefix}: {matcher.Scrub(request.Reason!.Trim())} ({counts.Total} changed)");
            return Task.CompletedTask;
        });
        logger.LogInformation("{Actor} erased number #{Reference}: {Total} records changed", audit.Actor, reference, counts.Total);
        return TypedResults.Ok(new ErasureReport(counts.All, counts.Total, reference, repeated));
    }

    private static NumberMatcher? Parse(string? number, PhoneNumberNormalizer numbers) =>
        numbers.Problem(number) is null && numbers.Normalize(number) is { } normalized ? new NumberMatcher(numbers, normalized.Digits) : null;

    private static ProblemHttpResult Refused(string? number, PhoneNumberNormalizer numbers) =>
        ProblemResults.Unprocessable(new() { ["number"] = [NumberProblem(number, numbers)] }, "Not a number");

    private static string NumberProblem(string? number, PhoneNumberNormalizer numbers) =>
        string.Equals(number?.Trim(), "anonymous", StringComparison.OrdinalIgnoreCase)
            ? "is anonymous: a caller who withheld their number left none to find."
            : numbers.Problem(number) ?? "is not a phone number.";
}
