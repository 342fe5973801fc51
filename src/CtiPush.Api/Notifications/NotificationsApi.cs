using CtiPush.Callbacks;
using CtiPush.CallLog;
using CtiPush.Core;
using CtiPush.Infrastructure;
using CtiPush.People;
using CtiPush.Privacy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace CtiPush.Notifications;

/// <summary>
/// Notifications: call and callback events sent on to webhook receivers (signed JSON, Slack, Teams) and e-mail inboxes,
/// through an outbox that commits with the change. Admins manage the subscriptions and read every attempt.
/// </summary>
public static class NotificationsApi
{
    public const int DefaultDeliveries = 50;
    public const int MaxDeliveries = 500;

    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section)
            .Validate(o => o.TimeoutSeconds is > 0 and <= 300, "Webhooks:TimeoutSeconds must be more than 0 and at most 300.")
            .Validate(o => o.FirstRetrySeconds is > 0 and <= 3600, "Webhooks:FirstRetrySeconds must be more than 0 and at most 3600.")
            .Validate(o => o.GiveUpAfterHours > 0, "Webhooks:GiveUpAfterHours must be more than 0.")
            .Validate(o => o.PollSeconds is > 0 and <= 60, "Webhooks:PollSeconds must be more than 0 and at most 60.")
            .Validate(o => o.RetentionDays >= 1, "Webhooks:RetentionDays must be 1 or more.")
            .ValidateOnStart();
        builder.Services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section)
            .Validate(o => o.Security.ToLowerInvariant() is "auto" or "starttls" or "tls" or "none", "Smtp:Security must be auto, starttls, tls or none.")
            .Validate(o => o.Port is > 0 and < 65536, "Smtp:Port must be a port number.")
            .Validate(o => o.From is null || MailboxAddress.TryParse(o.From, out _), "Smtp:From must be an e-mail address.")
            .ValidateOnStart();
        builder.Services.AddHttpClient(WebhookSender.ClientName)
            .ConfigurePrimaryHttpMessageHandler(services => WebhookSender.Handler(services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebhookOptions>>()))
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan); // the sender cuts off by Webhooks:TimeoutSeconds
        builder.Services.AddSingleton<SubscriptionSnapshot>();
        builder.Services.AddSingleton<NotificationWake>();
        builder.Services.AddSingleton<ICallObserver, CallNotifier>();
        builder.Services.AddSingleton<ICallbackObserver, CallbackNotifier>();
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddSingleton<EmailSender>();
        builder.Services.AddSingleton<DeliveryWorker>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DeliveryWorker>());
        builder.Services.AddHostedService<NotificationRetention>();
        builder.Services.AddScoped<IPersonalData, NotificationPersonalData>();
        return builder;
    }

    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var webhooks = app.MapGroup("/api/v1/webhooks").WithTags("Notifications").RequireRole(Roles.Admin);
        webhooks.MapGet("/", List).WithName("ListWebhooks").WithSummary("Every subscription, without secrets");
        webhooks.MapPost("/", Create).WithName("CreateWebhook").WithSummary("Subscribe a receiver or an inbox; the signing secret is in this answer only");
        webhooks.MapGet("/{id:long}", Get).WithName("GetWebhook").WithSummary("One subscription");
        webhooks.MapPut("/{id:long}", Update).WithName("UpdateWebhook").WithSummary("Replace a subscription (its secret stays)");
        webhooks.MapDelete("/{id:long}", Delete).WithName("DeleteWebhook").WithSummary("Remove a subscription with its outbox and attempts");
        webhooks.MapGet("/{id:long}/deliveries", Deliveries).WithName("ListWebhookDeliveries").WithSummary("Its attempts, newest first");
        webhooks.MapPost("/{id:long}/deliveries/{deliveryId:long}/retry", Retry).WithName("RetryWebhookDelivery")
            .WithSummary("Send that attempt's notification again, now (it was given up, or is waiting for its next retry)");
        webhooks.MapPost("/{id:long}/test", Test).WithName("TestWebhook").WithSummary("Send a test event (webhook.test) through the outbox");
        return app;
    }

    private static async Task<Ok<SubscriptionView[]>> List([AsParameters] WebhookServices s) =>
        TypedResults.Ok((await s.Db.Set<Subscription>().AsNoTracking().OrderBy(x => x.Id).ToListAsync()).Select(SubscriptionView.Of).ToArray());

    private static async Task<Results<Ok<SubscriptionView>, NotFound>> Get(long id, [AsParameters] WebhookServices s) =>
        await s.Db.Set<Subscription>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == id) is { } subscription
            ? TypedResults.Ok(SubscriptionView.Of(subscription))
            : TypedResults.NotFound();

    private static async Task<Results<Created<CreatedSubscription>, ProblemHttpResult>> Create(SubscriptionRequest request, [AsParameters] WebhookServices s, CancellationToken cancellationToken)
    {
        if (await ProblemAsync(request, s, cancellationToken) is { } invalid)
        {
            return invalid;
        }
        var now = s.Time.GetUtcNow();
        var subscription = new Subscription { Secret = WebhookSignature.NewSecret(), CreatedAt = now };
        Apply(request, subscription, now);
        s.Db.Add(subscription);
        await s.Db.SaveChangesAsync(CancellationToken.None);
        s.Audit.Record("webhook.create", Target(subscription));
        await s.Db.SaveChangesAsync(CancellationToken.None);
        s.Snapshot.Invalidate();
        var x = subscription;
        return TypedResults.Created($"/api/v1/webhooks/{x.Id}",
            new CreatedSubscription(x.Id, x.Kind, x.Url, x.Email, x.Events, x.Queue, x.Source, x.User, x.Format, x.Enabled, x.Note, x.CreatedAt, x.Secret));
    }

    private static async Task<Results<Ok<SubscriptionView>, NotFound, ProblemHttpResult>> Update(
        long id, SubscriptionRequest request, [AsParameters] WebhookServices s, CancellationToken cancellationToken)
    {
        if (await s.Db.Set<Subscription>().SingleOrDefaultAsync(x => x.Id == id, cancellationToken) is not { } subscription)
        {
            return TypedResults.NotFound();
        }
        if (await ProblemAsync(request, s, cancellationToken) is { } invalid)
        {
            return invalid;
        }
        Apply(request, subscription, s.Time.GetUtcNow());
        s.Audit.Record("webhook.update", Target(subscription));
        await s.Db.SaveChangesAsync(CancellationToken.None);
        s.Snapshot.Invalidate();
        s.Wake.Signal(); // turned on again: what waited may go
        return TypedResults.Ok(SubscriptionView.Of(subscription));
    }

    private static async Task<Results<NoContent, NotFound>> Delete(long id, [AsParameters] WebhookServices s)
    {
        if (await s.Db.Set<Subscription>().SingleOrDefaultAsync(x => x.Id == id) is not { } subscription)
        {
            return TypedResults.NotFound();
        }
        s.Db.Remove(subscription);
        s.Audit.Record("webhook.delete", Target(subscription));
        await s.Db.SaveChangesAsync(CancellationToken.None);
        s.Snapshot.Invalidate();
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<DeliveryPage>, NotFound, ProblemHttpResult>> Deliveries(long id, int? limit, [AsParameters] WebhookServices s)
    {
        if (limit is < 1 or > MaxDeliveries)
        {
            return ProblemResults.Unprocessable(new() { ["limit"] = [$"must be from 1 to {MaxDeliveries}."] });
        }
        if (!await s.Db.Set<Subscription>().AnyAsync(x => x.Id == id))
        {
            return TypedResults.NotFound();
        }
        var items = await s.Db.Set<Delivery>().AsNoTracking().Where(d => d.SubscriptionId == id).OrderByDescending(d => d.Id).Take(limit ?? DefaultDeliveries)
            .Join(s.Db.Set<Notification>(), d => d.NotificationId, n => n.Id, (d, n) => new DeliveryView(
                d.Id, d.EventId, d.Event, d.Attempt, d.Status, d.Error, d.At, d.LatencyMs, d.Response, n.State))
            .ToListAsync();
        return TypedResults.Ok(new DeliveryPage([.. items.OrderByDescending(d => d.Id)]));
    }

    private static async Task<Results<Accepted<QueuedNotification>, NotFound, ProblemHttpResult>> Retry(long id, long deliveryId, [AsParameters] WebhookServices s)
    {
        var notification = await s.Db.Set<Delivery>().Where(d => d.Id == deliveryId && d.SubscriptionId == id)
            .Join(s.Db.Set<Notification>(), d => d.NotificationId, n => n.Id, (_, n) => n).SingleOrDefaultAsync();
        if (notification is null)
        {
            return TypedResults.NotFound();
        }
        if (notification.State == NotificationState.Delivered)
        {
            return ProblemResults.Conflict("This notification was delivered already.");
        }
        var now = s.Time.GetUtcNow();
        notification.State = NotificationState.Pending;
        notification.NextAttemptAt = now;
        notification.RetryingSince = now;
        s.Audit.Record("webhook.retry", $"webhook {id}: {notification.EventId}");
        await s.Db.SaveChangesAsync(CancellationToken.None);
        s.Wake.Signal();
        return TypedResults.Accepted($"/api/v1/webhooks/{id}/deliveries", new QueuedNotification(notification.EventId, notification.Event, notification.State));
    }

    private static async Task<Results<Accepted<QueuedNotification>, NotFound>> Test(long id, [AsParameters] WebhookServices s)
    {
        if (await s.Db.Set<Subscription>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == id) is not { } subscription)
        {
            return TypedResults.NotFound();
        }
        var now = s.Time.GetUtcNow();
        var eventId = $"evt_test_{Guid.CreateVersion7():N}";
        Outbox.Add(s.Db, [subscription], eventId, NotificationEvents.Test, null, new { message = "A test event from CtiPush.", subscription = subscription.Id }, now);
        s.Audit.Record("webhook.test", Target(subscription));
        await s.Db.SaveChangesAsync(CancellationToken.None);
        s.Wake.Signal();
        return TypedResults.Accepted($"/api/v1/webhooks/{id}/deliveries", new QueuedNotification(eventId, NotificationEvents.Test, NotificationState.Pending));
    }

    /// <summary>The audit list's words for it: the id and where it goes (a receiver's host only: its path may be a secret).</summary>
    private static string Target(Subscription s) => $"webhook {s.Id} ({(s.Kind == SubscriptionKind.Email ? s.Email : WebhookSender.HostOf(s.Url))})";

    private static void Apply(SubscriptionRequest request, Subscription subscription, DateTimeOffset now)
    {
        subscription.Kind = WireName<SubscriptionKind>.Parse(request.Kind) ?? SubscriptionKind.Webhook;
        subscription.Url = subscription.Kind == SubscriptionKind.Webhook ? request.Url!.Trim() : null;
        subscription.Email = subscription.Kind == SubscriptionKind.Email ? request.Email!.Trim() : null;
        subscription.Events = [.. request.Events!.Distinct()];
        subscription.Queue = Blank(request.Queue);
        subscription.Source = Blank(request.Source);
        subscription.User = Blank(request.User);
        subscription.Format = WireName<MessageFormat>.Parse(request.Format) ?? MessageFormat.Json;
        var enabled = request.Enabled ?? true;
        if (enabled && !subscription.Enabled)
        {
            subscription.DisabledReason = null; // turned on again by a person
        }
        subscription.Enabled = enabled;
        subscription.Note = Blank(request.Note);
        subscription.UpdatedAt = now;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>422 naming each field that is wrong; null when the request is fine.</summary>
    private static async Task<ProblemHttpResult?> ProblemAsync(SubscriptionRequest request, WebhookServices s, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var kind = request.Kind is null ? SubscriptionKind.Webhook : WireName<SubscriptionKind>.Parse(request.Kind);
        if (kind is null)
        {
            errors["kind"] = [$"must be {WireName<SubscriptionKind>.Choices}."];
        }
        if (kind == SubscriptionKind.Webhook)
        {
            if (request.Url is null || request.Url.Length > SubscriptionConfiguration.UrlLength)
            {
                errors["url"] = [$"is required: an absolute http or https URL of at most {SubscriptionConfiguration.UrlLength} characters."];
            }
            else if (await ReceiverAddresses.ProblemAsync(request.Url.Trim(), s.Options.Value.AllowPrivateNetworks, cancellationToken) is { } problem)
            {
                errors["url"] = [problem];
            }
        }
        if (kind == SubscriptionKind.Email && (request.Email is not { Length: > 0 and <= SubscriptionConfiguration.EmailLength } email
            || !MailboxAddress.TryParse(email.Trim(), out var address) || !address.Address.Contains('@', StringComparison.Ordinal)))
        {
            errors["email"] = ["is required: one e-mail address."];
        }
        if (request.Events is not { Count: > 0 } events || events.Any(e => !NotificationEvents.All.Contains(e)))
        {
            errors["events"] = [$"must name at least one of {string.Join(", ", NotificationEvents.All)}."];
        }
        if (request.Format is not null && WireName<MessageFormat>.Parse(request.Format) is null)
        {
            errors["format"] = [$"must be {WireName<MessageFormat>.Choices}."];
        }
        if (request.Source is { Length: > 0 } source && !s.Pbxs.Sources.Contains(source.Trim()))
        {
            errors["source"] = [$"must be the name of a configured PBX ({string.Join(", ", s.Pbxs.Sources)}) or null."];
        }
        foreach (var (name, value, length) in new[] { ("queue", request.Queue, CallLimits.NameLength), ("user", request.User, CallLimits.NameLength), ("note", request.Note, SubscriptionConfiguration.NoteLength) })
        {
            if (TextAttribute.Problem(value, length) is { } problem)
            {
                errors[name] = [problem];
            }
        }
        return errors.Count > 0 ? ProblemResults.Unprocessable(errors) : null;
    }
}
