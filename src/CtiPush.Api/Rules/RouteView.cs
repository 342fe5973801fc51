namespace CtiPush.Rules;

public sealed record RouteView(long Id, string Destination, string Pattern, string CallerId, int Position, string? Note, bool Enabled, string? Source, DateTimeOffset UpdatedAt)
{
    public static RouteView Of(CallerIdRoute route) => new(route.Id, route.Destination, route.Pattern, route.CallerId,
        route.Position, route.Note, route.Enabled, route.Source, route.UpdatedAt);
}
