using System.Security.Claims;
using CtiPush.Core;
using CtiPush.Data;
using CtiPush.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CtiPush.People;

/// <summary>
/// Who someone the provider vouched for is here. The account linked to their <c>issuer|sub</c>; else, once, an unlinked
/// account with their user name (<c>preferred_username</c>) or their e-mail address (only one the provider says it
/// verified), which is then linked; else, with <see cref="SingleSignOnOptions.AutoCreate"/>, a new account. The role is
/// the provider's on every sign-in: a changed role ends the person's other sessions.
/// </summary>
internal sealed class SingleSignOnAccounts(
    CtiPushDbContext db,
    UserManager<Person> users,
    AuditLog audit,
    IHttpContextAccessor http,
    IOptions<SingleSignOnOptions> options,
    ILogger<SingleSignOnAccounts> logger)
{
    /// <summary>Who acts, on the audit list, when single sign-on creates, links or changes an account.</summary>
    public const string Actor = "single sign-on";

    /// <summary>The id token's issuer, kept on the principal when the token is validated (the handler drops <c>iss</c>).</summary>
    public const string IssuerClaim = "ctipush:oidc-issuer";

    /// <summary>The length of <see cref="Person.ExternalSubject"/> (<see cref="PersonConfiguration"/>).</summary>
    private const int ExternalSubjectLength = 500;

    private SingleSignOnOptions Settings => options.Value;

    /// <summary>The person to open a session for, or why not.</summary>
    public async Task<SignedOn> SignOnAsync(ClaimsPrincipal external, CancellationToken cancellationToken)
    {
        var subject = external.FindFirstValue("sub");
        var issuer = external.FindFirstValue(IssuerClaim);
        if (string.IsNullOrEmpty(subject) || string.IsNullOrEmpty(issuer))
        {
            return Refuse($"{Settings.DisplayName} did not say who you are (no issuer or subject).");
        }
        var externalSubject = $"{issuer}|{subject}";
        if (externalSubject.Length > ExternalSubjectLength)
        {
            return Refuse($"The subject {Settings.DisplayName} gives you is too long to link to an account.");
        }
        if (Settings.RoleFor(external.FindAll(Settings.RoleClaim).Select(c => c.Value)) is not { } role)
        {
            return Refuse($"Your account at {Settings.DisplayName} is in none of the groups that have a role in CtiPush ({Settings.RoleClaim}): ask an admin.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var person = await db.Set<Person>().SingleOrDefaultAsync(p => p.ExternalSubject == externalSubject, cancellationToken)
            ?? await LinkAsync(external, externalSubject, cancellationToken);
        if (person is null)
        {
            if (!Settings.AutoCreate)
            {
                return Refuse($"There is no CtiPush account for you: ask an admin to add one with your user name at {Settings.DisplayName}.");
            }
            var created = await CreateAsync(external, externalSubject, role);
            if (created.Person is null)
            {
                return created;
            }
            person = created.Person;
        }
        else if (!person.Enabled)
        {
            return Refuse("Your CtiPush account is disabled.");
        }
        else if (person.Role != role)
        {
            var previous = person.Role;
            person.Role = role;
            var changed = await users.UpdateAsync(person);
            changed = changed.Succeeded ? await users.UpdateSecurityStampAsync(person) : changed; // ends the person's other sessions
            if (!changed.Succeeded)
            {
                return Refuse(string.Join(" ", changed.Errors.Select(e => e.Description)));
            }
            RecordBySingleSignOn("user.update", $"user {person.Id} ({person.UserName}, {WireName<PersonRole>.Of(role)})");
            logger.LogInformation("Single sign-on moved person {PersonId} from {Previous} to {Role}", person.Id, previous, role);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Single sign-on: person {PersonId} signed in as {Role}", person.Id, role);
        return new SignedOn(person, null);
    }

    /// <summary>An account not yet linked to anyone, with the user name, or the verified e-mail address, the provider gives.</summary>
    private async Task<Person?> LinkAsync(ClaimsPrincipal external, string externalSubject, CancellationToken cancellationToken)
    {
        Person? person = null;
        if (external.FindFirstValue("preferred_username") is { Length: > 0 } userName)
        {
            var normalized = users.NormalizeName(userName.Trim());
            person = await db.Set<Person>().SingleOrDefaultAsync(p => p.NormalizedUserName == normalized && p.ExternalSubject == null, cancellationToken);
        }
        if (person is null && external.FindFirstValue("email") is { Length: > 0 } email
            && string.Equals(external.FindFirstValue("email_verified"), "true", StringComparison.OrdinalIgnoreCase))
        {
            var normalized = users.NormalizeEmail(email.Trim());
            var withEmail = await db.Set<Person>().Where(p => p.NormalizedEmail == normalized && p.ExternalSubject == null).OrderBy(p => p.Id).Take(2).ToListAsync(cancellationToken);
            person = withEmail.Count == 1 ? withEmail[0] : null; // two accounts with one address: which one is unclear, so neither
        }
        if (person is not null)
        {
            person.ExternalSubject = externalSubject;
            await db.SaveChangesAsync(cancellationToken);
            RecordBySingleSignOn("user.update", $"user {person.Id} ({person.UserName}, linked to {Settings.DisplayName})");
            logger.LogInformation("Single sign-on linked person {PersonId} to their account at the provider", person.Id);
        }
        return person;
    }

    private async Task<SignedOn> CreateAsync(ClaimsPrincipal external, string externalSubject, PersonRole role)
    {
        var userName = new[] { external.FindFirstValue("preferred_username"), external.FindFirstValue("email"), external.FindFirstValue("sub") }
            .Select(n => n?.Trim()).First(n => !string.IsNullOrEmpty(n))!;
        var displayName = external.FindFirstValue("name")?.Trim() is { Length: > 0 } name ? name : userName;
        if (TextAttribute.Problem(userName, PersonConfiguration.UserNameLength) is { } problem)
        {
            return Refuse($"The user name {Settings.DisplayName} gives you {problem}");
        }
        var person = new Person
        {
            UserName = userName,
            DisplayName = displayName.Length > PersonConfiguration.DisplayNameLength ? displayName[..PersonConfiguration.DisplayNameLength] : displayName,
            Email = external.FindFirstValue("email")?.Trim() is { Length: > 0 and <= 256 } email ? email : null,
            Role = role,
            ExternalSubject = externalSubject,
        };
        var created = await users.CreateAsync(person); // no password: this person signs in through the provider
        if (!created.Succeeded)
        {
            return Refuse(created.Errors.Any(e => e.Code == "DuplicateUserName")
                ? $"The user name '{userName}' belongs to another CtiPush account: ask an admin to link or rename it."
                : $"An account for '{userName}' cannot be created: {string.Join(" ", created.Errors.Select(e => e.Description))}");
        }
        RecordBySingleSignOn("user.create", $"user {person.Id} ({person.UserName}, {WireName<PersonRole>.Of(role)})");
        logger.LogInformation("Single sign-on created person {PersonId} as {Role}", person.Id, role);
        return new SignedOn(person, null);
    }

    /// <summary>The audit entry names single sign-on as the actor: nobody is signed in yet when it acts.</summary>
    private void RecordBySingleSignOn(string action, string target)
    {
        var context = http.HttpContext!;
        var user = context.User;
        context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, Actor)], "SingleSignOn"));
        audit.Record(action, target);
        context.User = user;
    }

    private SignedOn Refuse(string reason)
    {
        logger.LogWarning("Single sign-on refused: {Reason}", reason);
        return new SignedOn(null, reason);
    }

    /// <summary>A person to sign in, or the reason (for the browser) why there is none.</summary>
    public sealed record SignedOn(Person? Person, string? Refusal);
}
