using Microsoft.AspNetCore.Http.HttpResults;

namespace CtiPush.Infrastructure;

/// <summary>The admin API's problem bodies that the framework has no shorthand for: 422 naming each field, and 409.</summary>
public static class ProblemResults
{
    /// <summary>422: the request is well formed but its values are refused, each under its field's JSON name.</summary>
    public static ProblemHttpResult Unprocessable(Dictionary<string, string[]> errors, string title = "Invalid request") =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors) { Status = StatusCodes.Status422UnprocessableEntity, Title = title });

    /// <summary>409: the change collides with what is there (a taken name, a claim, the last admin).</summary>
    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);
}
