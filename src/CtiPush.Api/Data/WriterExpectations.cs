using System.Data.Common;
using Npgsql;

namespace CtiPush.Data;

/// <summary>
/// What a writer that commits in the round trip of its writes (no transaction of its own: PostgreSQL runs statements
/// sent together as one, and commits them before it answers) would otherwise check between its writes and its commit:
/// each check is put in its statement, which fails unless it holds, through <c>writer_expects</c> (migration
/// <c>WriterExpectations</c>), and so rolls the round trip back whole. PostgreSQL only.
/// </summary>
public static class WriterExpectations
{
    /// <summary>Another writer changed a row first (serialization_failure): the batch is read again and reapplied.</summary>
    public const string LostRace = PostgresErrorCodes.SerializationFailure;

    /// <summary>The round trip cannot commit on its own, though nothing conflicts: CtiPush's own code, in no class PostgreSQL uses.</summary>
    public const string Unmet = "CP001";

    /// <summary>Fails <paramref name="command"/> unless every row it returns holds <paramref name="condition"/> (on its returned columns).</summary>
    public static void EachRow(DbCommand command, string condition, string code, string failure) =>
        command.CommandText = $"WITH returned AS ({command.CommandText}) SELECT * FROM returned WHERE {Expects(condition, code, failure)}";

    /// <summary>
    /// Fails <paramref name="command"/>, an <c>INSERT</c> or <c>UPDATE</c> without <c>RETURNING</c>, unless it changes
    /// <paramref name="rows"/> rows; it then returns one row. The count is a parameter, so the text is the same for every batch.
    /// </summary>
    public static void Changes(DbCommand command, int rows, string code, string failure)
    {
        command.CommandText = $"WITH changed AS ({command.CommandText} RETURNING 1) SELECT {Expects("count(*) = @rows_expected", code, failure)} FROM changed";
        command.Parameters.Add(new NpgsqlParameter<long>("rows_expected", rows));
    }

    /// <summary>Fails <paramref name="command"/>, a query of one boolean, unless it answers true; it then returns one row.</summary>
    public static void Holds(DbCommand command, string code, string failure) =>
        command.CommandText = $"SELECT {Expects($"({command.CommandText})", code, failure)}";

    private static string Expects(string condition, string code, string failure) =>
        $"writer_expects({condition}, '{code}', '{failure.Replace("'", "''", StringComparison.Ordinal)}')";
}
