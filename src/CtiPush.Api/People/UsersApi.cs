using CtiPush.Core;
using CtiPush.Data;
using CtiPush.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CtiPush.People;

/// <summary>The team: accounts, their roles and the names PBXs know them by. Admins only.</summary>
public static class UsersApi
{
    public static readonly string[] Languages = ["en", "de"];

    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/v1/users").WithTags("People")
            .RequireAuthorization(Roles.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        users.MapGet("/", List).WithName("ListPeople").WithSummary("Everyone, by user name");
        users.MapPost("/", Create).WithName("CreatePerson").WithSummary("Add a person with a role, a first password (or none, for single sign-on) and PBX names");
        users.MapGet("/{id:long}", Get).WithName("GetPerson").WithSummary("One person");
        users.MapPut("/{id:long}", Update).WithName("UpdatePerson").WithSummary("Change a person; a new password, role or disabling ends their sessions");
        users.MapDelete("/{id:long}", Delete).WithName("DeletePerson").WithSummary("Remove a person; their name stays on what they did");
        return app;
    }

    /// <summary>What every handler here needs; marked services, so the endpoint validation leaves them alone.</summary>
    public sealed record PeopleServices([FromServices] CtiPushDbContext Db, [FromServices] UserManager<Person> Users, [FromServices] AuditLog Audit);

    private static async Task<Ok<PersonView[]>> List(CtiPushDbContext db) =>
        TypedResults.Ok((await db.Set<Person>().AsNoTracking().Include(p => p.PbxNames).OrderBy(p => p.NormalizedUserName).ToListAsync())
            .Select(PersonView.Of).ToArray());

    private static async Task<Results<Ok<PersonView>, NotFound>> Get(long id, CtiPushDbContext db) =>
        await db.Set<Person>().AsNoTracking().Include(p => p.PbxNames).SingleOrDefaultAsync(p => p.Id == id) is { } person
            ? TypedResults.Ok(PersonView.Of(person))
            : TypedResults.NotFound();

    private static async Task<Results<Created<PersonView>, ProblemHttpResult>> Create(PersonRequest request, [AsParameters] PeopleServices s)
    {
        if (Validate(request, creating: true) is { } invalid)
        {
            return invalid;
        }
        await using var transaction = await s.Db.Database.BeginTransactionAsync();
        var person = new Person { UserName = request.UserName!.Trim() };
        if (await ConflictAsync(s.Db, request, person) is { } conflict)
        {
            return conflict;
        }
        Apply(request, person);
        var created = request.Password is { Length: > 0 } password ? await s.Users.CreateAsync(person, password) : await s.Users.CreateAsync(person);
        if (!created.Succeeded)
        {
            return IdentityProblem(created);
        }
        s.Audit.Record("user.create", $"user {person.Id} ({person.UserName}, {WireName<PersonRole>.Of(person.Role)})");
        await s.Db.SaveChangesAsync();
        await transaction.CommitAsync();
        return TypedResults.Created($"/api/v1/users/{person.Id}", PersonView.Of(person));
    }

    private static async Task<Results<Ok<PersonView>, NotFound, ProblemHttpResult>> Update(long id, PersonRequest request, [AsParameters] PeopleServices s)
    {
        if (Validate(request, creating: false) is { } invalid)
        {
            return invalid;
        }
        await using var transaction = await s.Db.Database.BeginTransactionAsync();
        if (await s.Db.Set<Person>().Include(p => p.PbxNames).SingleOrDefaultAsync(p => p.Id == id) is not { } person)
        {
            return TypedResults.NotFound();
        }
        if (await ConflictAsync(s.Db, request, person) is { } conflict)
        {
            return conflict;
        }
        var (role, enabled) = (person.Role, person.Enabled);
        Apply(request, person);
        if ((person.Role != PersonRole.Admin || !person.Enabled) && role == PersonRole.Admin && enabled && await IsLastAdminAsync(s.Db, id))
        {
            return LastAdmin();
        }
        person.UserName = request.UserName!.Trim();
        var updated = await s.Users.UpdateAsync(person);
        if (updated.Succeeded && request.Password is { Length: > 0 } password)
        {
            // Validated before anything is written: a weak password leaves the account as it was.
            var check = await ValidatePasswordAsync(s.Users, person, password);
            updated = check.Succeeded ? await s.Users.RemovePasswordAsync(person) : check;
            updated = updated.Succeeded ? await s.Users.AddPasswordAsync(person, password) : updated;
            updated = updated.Succeeded ? await s.Users.SetLockoutEndDateAsync(person, null) : updated;
        }
        else if (updated.Succeeded && (role != person.Role || enabled != person.Enabled))
        {
            updated = await s.Users.UpdateSecurityStampAsync(person); // ends the person's sessions everywhere
        }
        if (!updated.Succeeded)
        {
            return IdentityProblem(updated);
        }
        s.Audit.Record("user.update", $"user {person.Id} ({person.UserName}, {WireName<PersonRole>.Of(person.Role)}{(person.Enabled ? "" : ", disabled")})");
        await s.Db.SaveChangesAsync();
        await transaction.CommitAsync();
        return TypedResults.Ok(PersonView.Of(person));
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> Delete(long id, [AsParameters] PeopleServices s)
    {
        await using var transaction = await s.Db.Database.BeginTransactionAsync();
        if (await s.Db.Set<Person>().SingleOrDefaultAsync(p => p.Id == id) is not { } person)
        {
            return TypedResults.NotFound();
        }
        if (person is { Role: PersonRole.Admin, Enabled: true } && await IsLastAdminAsync(s.Db, id))
        {
            return LastAdmin();
        }
        // Sessions and tokens go with the account (ON DELETE CASCADE); what they did keeps their name.
        s.Db.Remove(person);
        s.Audit.Record("user.delete", $"user {person.Id} ({person.UserName})");
        await s.Db.SaveChangesAsync();
        await transaction.CommitAsync();
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult? Validate(PersonRequest request, bool creating)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.UserName))
        {
            errors["userName"] = ["is required."];
        }
        else if (TextAttribute.Problem(request.UserName.Trim(), PersonConfiguration.UserNameLength) is { } userName)
        {
            errors["userName"] = [userName];
        }
        if (TextAttribute.Problem(request.DisplayName?.Trim(), PersonConfiguration.DisplayNameLength) is { } displayName)
        {
            errors["displayName"] = [displayName];
        }
        if (request.Role is null && creating)
        {
            errors["role"] = ["is required: admin, agent or viewer."];
        }
        else if (request.Role is not null && WireName<PersonRole>.Parse(request.Role) is null)
        {
            errors["role"] = ["must be admin, agent or viewer."];
        }
        if (request.Language is not null && !Languages.Contains(request.Language))
        {
            errors["language"] = [$"must be {string.Join(" or ", Languages)}, or null for the browser's."];
        }
        if (request.Email is not null && (request.Email.Length > 256 || !System.Net.Mail.MailAddress.TryCreate(request.Email, out _)))
        {
            errors["email"] = ["must be an e-mail address."];
        }
        var names = request.PbxNames ?? [];
        if (names.Any(string.IsNullOrWhiteSpace) || names.Select(n => TextAttribute.Problem(n.Trim(), CallLimits.NameLength)).OfType<string>().FirstOrDefault() is { })
        {
            errors["pbxNames"] = [$"must be names or numbers of at most {CallLimits.NameLength} characters, without control characters."];
        }
        else if (names.Select(PbxName.Normalize).Distinct().Count() != names.Count)
        {
            errors["pbxNames"] = ["names a PBX name twice."];
        }
        return errors.Count == 0 ? null : ProblemResults.Unprocessable(errors, "Invalid person");
    }

    /// <summary>Another person already has this user name or one of these PBX names: 409 naming it.</summary>
    private static async Task<ProblemHttpResult?> ConflictAsync(CtiPushDbContext db, PersonRequest request, Person person)
    {
        var userName = request.UserName!.Trim().ToUpperInvariant();
        if (await db.Set<Person>().AnyAsync(p => p.NormalizedUserName == userName && p.Id != person.Id))
        {
            return ProblemResults.Conflict($"The user name '{request.UserName.Trim()}' is taken.");
        }
        var normalized = (request.PbxNames ?? []).Select(PbxName.Normalize).ToList();
        var taken = await db.Set<PbxName>().Where(n => normalized.Contains(n.Normalized) && n.PersonId != person.Id)
            .Join(db.Set<Person>(), n => n.PersonId, p => p.Id, (n, p) => new { n.Name, p.UserName }).FirstOrDefaultAsync();
        return taken is null ? null : ProblemResults.Conflict($"The PBX name '{taken.Name}' belongs to {taken.UserName}.");
    }

    private static void Apply(PersonRequest request, Person person)
    {
        person.DisplayName = string.IsNullOrWhiteSpace(request.DisplayName) ? request.UserName!.Trim() : request.DisplayName.Trim();
        person.Email = string.IsNullOrWhiteSpace(request.Email) ? null : request.Email.Trim();
        person.Role = WireName<PersonRole>.Parse(request.Role) ?? person.Role;
        person.Language = request.Language;
        person.Enabled = request.Enabled ?? person.Enabled;
        var wanted = (request.PbxNames ?? []).Select(n => n.Trim()).ToList();
        person.PbxNames.RemoveAll(n => !wanted.Contains(n.Name));
        foreach (var name in wanted.Where(w => person.PbxNames.All(n => n.Name != w)))
        {
            person.PbxNames.Add(new PbxName { Name = name, Normalized = PbxName.Normalize(name) });
        }
    }

    private static async Task<IdentityResult> ValidatePasswordAsync(UserManager<Person> users, Person person, string password)
    {
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, person, password);
            if (!result.Succeeded)
            {
                return result;
            }
        }
        return IdentityResult.Success;
    }

    private static Task<bool> IsLastAdminAsync(CtiPushDbContext db, long id) =>
        db.Set<Person>().AllAsync(p => p.Id == id || p.Role != PersonRole.Admin || !p.Enabled);

    /// <summary>Identity's reasons: a weak password (422), or a name Identity refuses.</summary>
    private static ProblemHttpResult IdentityProblem(IdentityResult result)
    {
        var password = result.Errors.Where(e => e.Code.StartsWith("Password", StringComparison.Ordinal)).Select(e => e.Description).ToArray();
        var other = result.Errors.Where(e => !e.Code.StartsWith("Password", StringComparison.Ordinal)).Select(e => e.Description).ToArray();
        var errors = new Dictionary<string, string[]>();
        if (password.Length > 0)
        {
            errors["password"] = password;
        }
        if (other.Length > 0)
        {
            errors["userName"] = other;
        }
        return result.Errors.Any(e => e.Code is "DuplicateUserName") ? ProblemResults.Conflict(string.Join(" ", other)) : ProblemResults.Unprocessable(errors, "Invalid person");
    }

    private static ProblemHttpResult LastAdmin() => ProblemResults.Conflict("This is the last enabled admin: make someone else admin first.");
}
