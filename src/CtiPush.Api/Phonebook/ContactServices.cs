using CtiPush.People;
using CtiPush.Data;
using CtiPush.Numbers;
using Microsoft.AspNetCore.Mvc;

namespace CtiPush.Phonebook;

/// <summary>
/// What every contact handler needs. Each is marked a service, so the endpoint validation (which looks into an
/// <c>[AsParameters]</c> type) leaves them alone.
/// </summary>
public sealed record ContactServices(
    [FromServices] CtiPushDbContext Db,
    [FromServices] PhoneNumberNormalizer Numbers,
    [FromServices] ContactDependents Dependents,
    [FromServices] TimeProvider Time,
    [FromServices] AuditLog Audit);
