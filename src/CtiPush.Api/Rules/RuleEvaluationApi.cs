using CtiPush.Core;
using CtiPush.Numbers;
using CtiPush.Push;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CtiPush.Rules;

/// <summary><c>/api/v1/rules/evaluate</c>: a dry run, what a newCall would be answered and which rule decided.</summary>
public static class RuleEvaluationApi
{
    public static void Map(RouteGroupBuilder rules) =>
        rules.MapPost("/evaluate", Evaluate).WithName("EvaluateRules")
            .WithSummary("Dry run: what a newCall would be answered, and which rule decided");

    private static Results<Ok<Evaluation>, ValidationProblem> Evaluate(EvaluateRequest request, [AsParameters] RuleServices s, PhoneNumberNormalizer numbers)
    {
        if (request.Validate(s) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var facts = new NewCallFacts(request.Source ?? "", WireName<CallDirection>.ParseLenient(request.Direction), request.From, numbers.Normalize(request.From)?.Digits,
            request.To, numbers.Normalize(request.To)?.Digits);
        var decision = s.Rules.Decide(facts);
        return TypedResults.Ok(new Evaluation(PushAnswer.ForNewCall(decision, request.To), decision.Rule, facts.FromNumber, facts.ToNumber));
    }
}
