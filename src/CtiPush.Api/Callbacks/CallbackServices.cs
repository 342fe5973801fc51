using CtiPush.CallLog;
using CtiPush.Data;
using CtiPush.People;
using Microsoft.AspNetCore.Mvc;

namespace CtiPush.Callbacks;

/// <summary>What the worklist's handlers need; marked services, so the endpoint validation leaves them alone.</summary>
public sealed record CallbackServices(
    [FromServices] CtiPushDbContext Db,
    [FromServices] AuditLog Audit,
    [FromServices] CallChangeFeed Feed,
    [FromServices] TimeProvider Time,
    [FromServices] CallbackObservers Observers);
