using System.Security.Claims;
using CtiPush.Data;

namespace CtiPush.People;

/// <summary>
/// Records who changed what. The entry is added to the change's own context, so it commits with the change or not
/// at all. Names what was changed, never a secret (passwords, tokens and hashes stay out).
/// </summary>
public sealed class AuditLog(CtiPushDbContext db, IHttpContextAccessor http, TimeProvider time)
{
    /// <summary>The principal of the request being served.</summary>
    public ClaimsPrincipal User => http.HttpContext?.User ?? new ClaimsPrincipal();

    /// <summary>Who acts in this request: a person's name, "admin key", or a token's description.</summary>
    public string Actor => PeopleClaims.ActorOf(User);

    public void Record(string action, string? target)
    {
        db.Add(new AuditEntry
        {
            At = time.GetUtcNow(),
            Actor = Actor,
            ActorPersonId = PeopleClaims.PersonOf(User),
            Action = action,
            Target = target,
        });
    }
}
