using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CtiPush.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class WriterExpectations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // What the push's writer expects of the stored state when it commits a batch in the round trip that writes it
            // (CallLog/CallRecorder): a statement of that round trip that finds otherwise fails it, with the code given, so
            // the batch rolls back whole instead of committing. SQL has no way of its own to fail a statement on a condition.
            migrationBuilder.Sql("""
                CREATE FUNCTION writer_expects(holds boolean, code text, failure text) RETURNS boolean LANGUAGE plpgsql AS $$
                BEGIN
                  IF holds IS NOT TRUE THEN
                    RAISE EXCEPTION USING ERRCODE = code, MESSAGE = failure;
                  END IF;
                  RETURN true;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION writer_expects(boolean, text, text);");
        }
    }
}
