using Microsoft.AspNetCore.Http.HttpResults;

namespace CtiPush.Phonebook;

/// <summary>A file refused as a whole: nothing of it was imported.</summary>
public sealed class ImportRefusedException(ProblemHttpResult problem) : Exception(problem.ProblemDetails.Detail)
{
    public ProblemHttpResult Problem { get; } = problem;
}
