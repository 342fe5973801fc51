using CtiPush.People;
using CtiPush.Core;
using CtiPush.Data;
using CtiPush.Phonebook;

namespace CtiPush.Rules;

/// <summary>
/// The rules: the rule book that answers newCall from memory, and its admin API — block list, caller id routes,
/// the default caller id, and a dry run — all behind the admin key.
/// </summary>
public static class RulesApi
{
    public static IHostApplicationBuilder AddRules(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RuleBook>();
        ClusterSignals.AddChannel(builder.Services, RuleBook.Channel);
        builder.Services.AddSingleton<INewCallDecider>(services => services.GetRequiredService<RuleBook>());
        builder.Services.AddHostedService<RuleRefresher>();
        builder.Services.AddSingleton<IContactDependent, BlockedContacts>();
        builder.Services.AddSingleton<NumberPattern>();
        return builder;
    }

    public static IEndpointRouteBuilder MapRulesApi(this IEndpointRouteBuilder app)
    {
        // Agents read the rules and try them; only admins change them.
        var read = app.MapGroup("/api/v1/rules").WithTags("Rules").RequireRole(Roles.Agent);
        var change = app.MapGroup("/api/v1/rules").WithTags("Rules").RequireRole(Roles.Admin);

        BlockedNumbersApi.Map(read.MapGroup("/blocked"), change.MapGroup("/blocked"));
        CallerIdRoutesApi.Map(read.MapGroup("/routes"), change.MapGroup("/routes"));
        DefaultCallerIdApi.Map(read, change);
        RuleEvaluationApi.Map(read);
        return app;
    }
}
