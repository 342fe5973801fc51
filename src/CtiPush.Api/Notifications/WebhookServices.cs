using CtiPush.Data;
using CtiPush.People;
using CtiPush.Push;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CtiPush.Notifications;

/// <summary>What the webhook handlers need; marked services, so the endpoint validation leaves them alone.</summary>
public sealed record WebhookServices(
    [FromServices] CtiPushDbContext Db,
    [FromServices] AuditLog Audit,
    [FromServices] TimeProvider Time,
    [FromServices] PbxTokens Pbxs,
    [FromServices] SubscriptionSnapshot Snapshot,
    [FromServices] NotificationWake Wake,
    [FromServices] IOptions<WebhookOptions> Options);
