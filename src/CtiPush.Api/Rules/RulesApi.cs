using CtiPush.Admin;
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
        var rules = app.MapGroup("/api/v1/rules").WithTags("Rules").RequireAdmin();

        BlockedNumbersApi.Map(rules.MapGroup("/blocked"));
        CallerIdRoutesApi.Map(rules.MapGroup("/routes"));
        DefaultCallerIdApi.Map(rules);
        RuleEvaluationApi.Map(rules);
        return app;
    }
}
