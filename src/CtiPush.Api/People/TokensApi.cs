using System.Security.Claims;
using CtiPush.Core;
using CtiPush.Data;
using CtiPush.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.People;

/// <summary>Personal API tokens: each person their own, instead of a shared secret in every script.</summary>
public static class TokensApi
{
    public static IEndpointRouteBuilder MapTokensApi(this IEndpointRouteBuilder app)
    {
        var tokens = app.MapGroup("/api/v1/tokens").WithTags("People")
            .RequireAuthorization(Roles.Viewer)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        tokens.MapGet("/", List).WithName("ListTokens").WithSummary("Your tokens (admins: everyone's), without their secrets");
        tokens.MapPost("/", Create).WithName("CreateToken").WithSummary("A new token for you; its secret is in this answer only");
        tokens.MapDelete("/{id:long}", Revoke).WithName("RevokeToken").WithSummary("Revoke a token at once, on every instance");
        return app;
    }

    private static async Task<Ok<TokenView[]>> List(ClaimsPrincipal user, CtiPushDbContext db)
    {
        var person = PeopleClaims.PersonOf(user);
        var everyone = PeopleClaims.RoleOf(user) == PersonRole.Admin;
        return TypedResults.Ok(await db.Set<PersonalToken>().AsNoTracking()
            .Where(t => everyone || t.PersonId == person)
            .OrderBy(t => t.Id)
            .Select(t => new TokenView(t.Id, t.Name, t.Scope, t.CreatedAt, t.ExpiresAt, t.PersonId))
            .ToArrayAsync());
    }

    private static async Task<Results<Created<CreatedToken>, ProblemHttpResult>> Create(
        TokenRequest request, ClaimsPrincipal user, CtiPushDbContext db, AuditLog audit, TimeProvider time)
    {
        if (PeopleClaims.PersonOf(user) is not { } owner)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Tokens belong to a person",
                detail: "Sign in as a person to make a token; the admin key has none.");
        }
        var now = time.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors["name"] = ["is required."];
        }
        else if (TextAttribute.Problem(name, PersonalTokenConfiguration.NameLength) is { } problem)
        {
            errors["name"] = [problem];
        }
        var scope = request.Scope is null ? TokenScope.Read : WireName<TokenScope>.Parse(request.Scope);
        if (scope is null)
        {
            errors["scope"] = ["must be read or full."];
        }
        if (request.ExpiresAt <= now)
        {
            errors["expiresAt"] = ["must be in the future."];
        }
        if (errors.Count > 0)
        {
            return ProblemResults.Unprocessable(errors, "Invalid token");
        }

        var secret = BearerHandler.TokenPrefix + SecretDigest.NewSecret();
        var token = new PersonalToken { PersonId = owner, Name = name!, Scope = scope!.Value, Hash = SecretDigest.HexOf(secret), CreatedAt = now, ExpiresAt = request.ExpiresAt };
        db.Add(token);
        audit.Record("token.create", $"token '{token.Name}' ({WireName<TokenScope>.Of(token.Scope)})");
        await db.SaveChangesAsync();
        return TypedResults.Created($"/api/v1/tokens/{token.Id}", new CreatedToken(token.Id, secret, token.Name, token.Scope, token.ExpiresAt));
    }

    private static async Task<Results<NoContent, NotFound>> Revoke(long id, ClaimsPrincipal user, CtiPushDbContext db, AuditLog audit)
    {
        var person = PeopleClaims.PersonOf(user);
        var everyone = PeopleClaims.RoleOf(user) == PersonRole.Admin;
        // Someone else's token is not found, rather than forbidden: its existence is none of their business.
        if (await db.Set<PersonalToken>().SingleOrDefaultAsync(t => t.Id == id && (everyone || t.PersonId == person)) is not { } token)
        {
            return TypedResults.NotFound();
        }
        db.Remove(token);
        audit.Record("token.revoke", $"token '{token.Name}' of person {token.PersonId}");
        await db.SaveChangesAsync();
        return TypedResults.NoContent();
    }
}
