using CtiPush.Tests.Infrastructure;

namespace CtiPush.Tests.Notifications;

/// <summary>The settings the notification tests run with: receivers on loopback, short timeouts, quick looks.</summary>
public static class WebhookSettings
{
    public const double TimeoutSeconds = 2;

    public static void Apply(Dictionary<string, string?> settings)
    {
        settings["Webhooks:AllowPrivateNetworks"] = "true"; // the test's receivers are on loopback
        settings["Webhooks:TimeoutSeconds"] = TimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Webhooks:FirstRetrySeconds"] = "10";
        settings["Webhooks:PollSeconds"] = "0.2";
    }
}

public sealed class WebhookSqliteApp : SqliteApp
{
    public WebhookSqliteApp() => WebhookSettings.Apply(Settings);
}

public sealed class WebhookPostgresApp(PostgresServer server) : PostgresApp(server)
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        WebhookSettings.Apply(Settings);
    }
}
