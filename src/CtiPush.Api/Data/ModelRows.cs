using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace CtiPush.Data;

/// <summary>
/// Multi-row <c>INSERT</c>s and <c>UPDATE</c>s for rows written in bulk outside the change tracker (EF Core writes each
/// row with a statement of its own, and keeps a snapshot of each), run together in one round trip where the provider
/// can (<see cref="RunAsync"/>), and the select list for reading whole rows with <c>FromSql</c>. Tables, columns and
/// value conversions come from the model, so each provider gets the values EF Core would write.
/// </summary>
public static class ModelRows
{
    /// <summary>
    /// Parameters per statement on SQLite: Microsoft.Data.Sqlite binds each parameter by looking its name up among all
    /// the statement's, so the cost grows with the square of their number; a hundred keeps it small.
    /// </summary>
    private const int SqliteParametersPerStatement = 100;

    /// <summary>How many rows of <paramref name="columns"/> values one statement takes: on PostgreSQL (a round trip each, parameters cheap) <paramref name="otherwise"/>.</summary>
    public static int RowsPerStatement(CtiPushDbContext db, int columns, int otherwise) =>
        db.Database.IsSqlite() ? Math.Max(1, SqliteParametersPerStatement / columns) : otherwise;

    /// <summary>
    /// Inserts the rows with one statement, through EF Core's raw SQL, so it is logged and intercepted like the change
    /// tracker's own statements; the rows get their ids in the order given. On PostgreSQL the values go as one array per
    /// column (see <see cref="Insert(CtiPushDbContext, IEntityType, string[], IReadOnlyList{object?[]}, string[])"/>).
    /// <paramref name="onConflict"/> (<c>ON CONFLICT …</c>) ends the statement.
    /// </summary>
    public static async Task InsertAsync(CtiPushDbContext db, IEntityType entity, string[] properties, IReadOnlyList<object?[]> rows,
        CancellationToken cancellationToken, string onConflict = "")
    {
        await using var command = Insert(db, entity, properties, rows, returning: []);
        var parameters = command.Parameters.Cast<DbParameter>().ToArray();
        command.Parameters.Clear(); // each parameter belongs to one command: EF Core's, now
        var text = onConflict.Length > 0 ? $"{command.CommandText} {onConflict}" : command.CommandText;
        await db.Database.ExecuteSqlRawAsync(text, parameters, cancellationToken);
    }

    /// <summary>
    /// The rows as one array parameter per column, for PostgreSQL's <c>unnest</c>: the <c>FROM</c> item
    /// (<c>unnest(…) WITH ORDINALITY AS v(c0, …, n)</c>) and, for each column, the expression that reads its value.
    /// Each array is cast to its column's type, its values converted as the model converts them. An array column (a
    /// primitive collection) cannot be an element of an array: its values go as JSON and are read back into arrays.
    /// </summary>
    private static (string From, string[] Values, DbParameter[] Parameters) Unnest(ISqlGenerationHelper sql,
        IReadOnlyList<IProperty> columns, IReadOnlyList<object?[]> rows)
    {
        var parameters = new DbParameter[columns.Count];
        var arrays = new string[columns.Count];
        var expressions = new string[columns.Count];
        for (var column = 0; column < columns.Count; column++)
        {
            var (_, type, mapping) = Column(sql, columns[column]);
            var name = $"p{column}";
            var placeholder = sql.GenerateParameterNamePlaceholder(name);
            if (type.EndsWith("[]", StringComparison.Ordinal))
            {
                var json = rows.Select(row => row[column] is { } list ? JsonSerializer.Serialize(list) : null).ToArray();
                parameters[column] = new NpgsqlParameter(sql.GenerateParameterName(name), json);
                arrays[column] = $"CAST({placeholder} AS text[])";
                expressions[column] = $"CASE WHEN v.c{column} IS NULL THEN NULL ELSE CAST(ARRAY(SELECT jsonb_array_elements_text(CAST(v.c{column} AS jsonb))) AS {type}) END";
                continue;
            }
            var stored = mapping.Converter?.ProviderClrType ?? mapping.ClrType;
            var element = stored.IsValueType && Nullable.GetUnderlyingType(stored) is null && columns[column].IsNullable ? typeof(Nullable<>).MakeGenericType(stored) : stored;
            var values = Array.CreateInstance(element, rows.Count);
            for (var row = 0; row < rows.Count; row++)
            {
                var value = rows[row][column];
                values.SetValue(value is null || mapping.Converter is null ? value : mapping.Converter.ConvertToProvider(value), row);
            }
            parameters[column] = new NpgsqlParameter(sql.GenerateParameterName(name), values);
            arrays[column] = $"CAST({placeholder} AS {type}[])";
            expressions[column] = $"v.c{column}";
        }
        var from = $"unnest({string.Join(", ", arrays)}) WITH ORDINALITY AS v({string.Join(", ", columns.Select((_, i) => $"c{i}"))}, n)";
        return (from, expressions, parameters);
    }

    /// <summary>
    /// <c>INSERT INTO table (columns) VALUES (…), (…) [RETURNING …]</c> in the current transaction, each value a parameter
    /// typed by the model; the rows get their ids in the order given. On PostgreSQL
    /// <c>INSERT INTO table (columns) SELECT … FROM unnest(@p0, @p1, …) WITH ORDINALITY … ORDER BY</c> the ordinality: the
    /// same text for any number of rows, so PostgreSQL parses and plans it once per connection (Npgsql prepares it) and
    /// binds one parameter per column, where <c>VALUES</c> lists make a statement of their own for every batch size.
    /// </summary>
    public static DbCommand Insert(CtiPushDbContext db, IEntityType entity, string[] properties, IReadOnlyList<object?[]> rows, string[] returning) =>
        Insert(db, entity, [.. properties.Select(name => entity.FindProperty(name)!)], rows, returning);

    /// <inheritdoc cref="Insert(CtiPushDbContext, IEntityType, string[], IReadOnlyList{object?[]}, string[])"/>
    /// <param name="parent">
    /// The rows' parent, found by the statement itself: each row starts with the values of the parent's unique key, and
    /// the foreign key is the id of the parent that has them. So rows can be inserted in the same round trip as their
    /// parents (<see cref="RunAsync"/>), before the parents' ids are known here. A row whose parent is not there is not
    /// inserted: the count of rows inserted tells.
    /// </param>
    /// <param name="alsoReturning">An expression returned after <paramref name="returning"/>'s columns, in SQL both providers take.</param>
    public static DbCommand Insert(CtiPushDbContext db, IEntityType entity, IReadOnlyList<IProperty> properties, IReadOnlyList<object?[]> rows, string[] returning,
        Parent? parent = null, string? alsoReturning = null)
    {
        IReadOnlyList<IProperty> inserted = parent is null ? properties : [parent.ForeignKey, .. properties];
        var (sql, table, _, into) = Target(db, entity, inserted);
        var command = NewCommand(db);
        IReadOnlyList<IProperty> given = parent is null ? properties : [.. parent.Key, .. properties];
        var text = new StringBuilder(into);
        if (db.Database.IsNpgsql())
        {
            var (from, values, parameters) = Unnest(sql, given, rows);
            text.Append(" SELECT ");
            if (parent is null)
            {
                text.AppendJoin(", ", values).Append(" FROM ").Append(from);
            }
            else
            {
                // A probe of the parent's unique index for each row: a join, planned once for the table as it was when small,
                // could scan it whole.
                var (parentTable, parentId, match) = ParentColumns(sql, parent, values);
                text.Append("p.").Append(parentId).Append(", ").AppendJoin(", ", values.Skip(parent.Key.Count)).Append(" FROM ").Append(from)
                    .Append($" CROSS JOIN LATERAL (SELECT {parentId} FROM {parentTable} WHERE {match} LIMIT 1) AS p");
            }
            text.Append(" ORDER BY v.n");
            command.Parameters.AddRange(parameters);
        }
        else if (parent is null)
        {
            AppendValues(text.Append(" VALUES "), command, sql, given, rows);
        }
        else
        {
            // SQLite plans each statement for its values; a VALUES list names its columns column1, column2, …, and the last
            // here is the row's place, which the ids follow.
            var values = given.Select((_, i) => $"v.column{i + 1}").ToArray();
            var (parentTable, parentId, match) = ParentColumns(sql, parent, values, qualifier: "p.");
            text.Append(" SELECT p.").Append(parentId).Append(", ").AppendJoin(", ", values.Skip(parent.Key.Count)).Append(" FROM (VALUES ");
            AppendValues(text, command, sql, given, rows, numbered: true);
            text.Append($") AS v JOIN {parentTable} AS p ON {match} ORDER BY v.column{given.Count + 1}");
        }
        string[] returned = [.. returning.Select(name => Column(sql, entity.FindProperty(name)!).Name), .. new[] { alsoReturning }.OfType<string>()];
        if (returned.Length > 0)
        {
            text.Append(" RETURNING ").AppendJoin(", ", returned);
        }
        command.CommandText = text.ToString();
        return command;
    }

    /// <summary>
    /// The parent of rows inserted with
    /// <see cref="Insert(CtiPushDbContext, IEntityType, IReadOnlyList{IProperty}, IReadOnlyList{object?[]}, string[], Parent?, string?)"/>: the
    /// rows' foreign key, and the parent's unique key whose values they give.
    /// </summary>
    public sealed record Parent(IProperty ForeignKey, IReadOnlyList<IProperty> Key);

    /// <summary>The parent's table and id column, and the condition matching its key to the row's values.</summary>
    private static (string Table, string Id, string Match) ParentColumns(ISqlGenerationHelper sql, Parent parent, IReadOnlyList<string> values, string qualifier = "")
    {
        var entity = parent.ForeignKey.GetContainingForeignKeys().Single().PrincipalEntityType;
        var table = TableOf(entity);
        var id = Column(sql, entity.FindPrimaryKey()!.Properties.Single()).Name;
        var match = string.Join(" AND ", parent.Key.Select((key, i) => $"{qualifier}{Column(sql, key).Name} = {values[i]}"));
        return (sql.DelimitIdentifier(table.Name, table.Schema), id, match);
    }

    /// <summary>
    /// Every column of <paramref name="entity"/> but its key, its complex properties' too, in the model's order: what
    /// writing a whole row takes. <see cref="ValuesOf"/> reads them from an instance.
    /// </summary>
    public static IProperty[] ColumnsOf(IEntityType entity) =>
    [
        .. entity.GetProperties().Where(p => !p.IsPrimaryKey()),
        .. entity.GetComplexProperties().SelectMany(complex => complex.ComplexType.GetProperties()),
    ];

    /// <summary>
    /// The select list of a <c>FromSql</c> query of <paramref name="entity"/> from <paramref name="alias"/>: every column,
    /// named as EF Core looks for it in the results. For a complex property's column that is not its name in the table
    /// but the property's path (<c>decision_caller_id</c> is looked for as <c>Decision_CallerId</c>: dotnet/efcore#36847).
    /// </summary>
    public static string ResultColumns(CtiPushDbContext db, IEntityType entity, string alias)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        return string.Join(", ", ((IEnumerable<IProperty>)[.. entity.FindPrimaryKey()!.Properties, .. ColumnsOf(entity)]).Select(p =>
            $"{alias}.{sql.DelimitIdentifier(p.GetColumnName(table)!)} AS {sql.DelimitIdentifier(p.DeclaringType is IComplexType complex ? $"{complex.ComplexProperty.Name}_{p.Name}" : p.GetColumnName(table)!)}"));
    }

    /// <summary>The values of <paramref name="columns"/> in <paramref name="instance"/>, as the model reads them.</summary>
    public static object?[] ValuesOf(IReadOnlyList<IProperty> columns, object instance)
    {
        var values = new object?[columns.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = columns[i].GetGetter().GetClrValueUsingContainingEntity(instance);
        }
        return values;
    }

    /// <summary>
    /// <c>UPDATE table SET columns = v.columns FROM (VALUES …) AS v WHERE key = v.key AND token = v.token</c> in the
    /// current transaction (on PostgreSQL from arrays, as <see cref="Insert(CtiPushDbContext, IEntityType, string[], IReadOnlyList{object?[]}, string[])"/>):
    /// many rows in one statement, each only if its concurrency token still holds the value it was read with. Each row
    /// is the key, the token as read, then the <paramref name="columns"/>' values (the token's new value among them).
    /// How many rows it changed (<see cref="RunAsync"/>) tells: fewer than given means another writer got there first.
    /// </summary>
    public static DbCommand Update(CtiPushDbContext db, IEntityType entity, IReadOnlyList<IProperty> columns, IReadOnlyList<object?[]> rows)
    {
        var key = entity.FindPrimaryKey()!.Properties.Single();
        var token = entity.GetProperties().Single(p => p.IsConcurrencyToken);
        var (sql, table, _, _) = Target(db, entity, columns);
        IProperty[] all = [key, token, .. columns];
        var target = sql.DelimitIdentifier(table.Name, table.Schema);
        var keyColumn = Column(sql, key).Name;
        var tokenColumn = Column(sql, token).Name;
        var command = NewCommand(db);
        StringBuilder update;
        if (db.Database.IsNpgsql())
        {
            // One statement text for every batch size, as for inserts. Each row is found by a probe of the key's index
            // and updated by its physical address (ctid): a plain join of the table with the arrays' rows, planned once
            // for the table as it was when small, hash-joined a scan of the whole table (2–7 ms a batch at a few thousand
            // calls). A row another writer changed meanwhile has moved, so it is not updated, and the count tells.
            var (from, values, parameters) = Unnest(sql, all, rows);
            update = new StringBuilder("UPDATE ").Append(target).Append(" AS t SET ")
                .AppendJoin(", ", columns.Select((c, i) => $"{Column(sql, c).Name} = s.c{i + 2}"))
                .Append(" FROM (SELECT ").AppendJoin(", ", values.Select((value, i) => $"{value} AS c{i}"))
                .Append(", found.ctid AS row_address FROM ").Append(from)
                .Append($" CROSS JOIN LATERAL (SELECT ctid FROM {target} WHERE {keyColumn} = v.c0 AND {tokenColumn} = v.c1 LIMIT 1) AS found) AS s")
                .Append(" WHERE t.ctid = s.row_address");
            command.Parameters.AddRange(parameters);
        }
        else
        {
            // SQLite plans each statement for its values; a VALUES list names its columns column1, column2, …
            update = new StringBuilder("UPDATE ").Append(target).Append(" SET ")
                .AppendJoin(", ", columns.Select((c, i) => $"{Column(sql, c).Name} = v.column{i + 3}"))
                .Append(" FROM (VALUES ");
            AppendValues(update, command, sql, all, rows);
            update.Append(") AS v WHERE ").Append($"{target}.{keyColumn} = v.column1 AND {target}.{tokenColumn} = v.column2");
        }
        command.CommandText = update.ToString();
        return command;
    }

    /// <summary>
    /// <c>(…), (…)</c>: the rows' values as parameters of <paramref name="command"/>, each typed by the model;
    /// <paramref name="numbered"/>, each row ends with its place (0, 1, …).
    /// </summary>
    private static void AppendValues(StringBuilder text, DbCommand command, ISqlGenerationHelper sql, IReadOnlyList<IProperty> columns, IReadOnlyList<object?[]> rows,
        bool numbered = false)
    {
        for (var row = 0; row < rows.Count; row++)
        {
            text.Append(row == 0 ? "(" : ", (");
            for (var column = 0; column < columns.Count; column++)
            {
                var name = $"p{(row * columns.Count) + column}";
                command.Parameters.Add(Column(sql, columns[column]).Mapping
                    .CreateParameter(command, sql.GenerateParameterName(name), rows[row][column], columns[column].IsNullable));
                text.Append(column == 0 ? "" : ", ").Append(sql.GenerateParameterNamePlaceholder(name));
            }
            text.Append(numbered ? $", {row})" : ")");
        }
    }

    /// <summary>The table and columns of <paramref name="properties"/>, and <c>INSERT INTO table (columns)</c> for them.</summary>
    private static (ISqlGenerationHelper Sql, StoreObjectIdentifier Table, IProperty[] Columns, string Into) Target(
        CtiPushDbContext db, IEntityType entity, IReadOnlyList<IProperty> properties)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = TableOf(entity);
        var columns = properties.ToArray();
        var into = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => Column(sql, c).Name))})";
        return (sql, table, columns, into);
    }

    /// <summary>A property's column in its table, as the model maps it: its name (delimited), its store type and its type mapping.</summary>
    private sealed record ColumnOf(string Name, string StoreType, RelationalTypeMapping Mapping);

    // Looked up once per property of a model: EF Core's metadata extensions walk the annotations on every call, and
    // building a batch's statements asked them for every column (3 % of the service's CPU at full load, perf). Weak
    // keys: a model that goes (a test's) takes its entries with it.
    private static readonly ConditionalWeakTable<IProperty, ColumnOf> Columns = new();

    private static ColumnOf Column(ISqlGenerationHelper sql, IProperty property) =>
        Columns.GetValue(property, p =>
        {
            var table = TableOf(p.DeclaringType);
            return new ColumnOf(sql.DelimitIdentifier(p.GetColumnName(table)!), p.GetColumnType(table), p.GetRelationalTypeMapping());
        });

    /// <summary>The table of <paramref name="type"/>: its own, or for a complex type the table of the entity holding it.</summary>
    private static StoreObjectIdentifier TableOf(ITypeBase type) =>
        StoreObjectIdentifier.Table(type.ContainingEntityType.GetTableName()!, type.ContainingEntityType.GetSchema());

    /// <summary>A command on the context's connection, in its transaction, with its command timeout.</summary>
    public static DbCommand NewCommand(CtiPushDbContext db)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        if (db.Database.GetCommandTimeout() is { } timeout)
        {
            command.CommandTimeout = timeout;
        }
        return command;
    }

    /// <summary>
    /// Runs <paramref name="statements"/> in order in the current transaction, in one round trip where the provider
    /// sends a batch of commands together (Npgsql's <see cref="DbBatch"/>; each command sees the ones before it), one by
    /// one otherwise (SQLite, in process). A statement with a row reader has its rows read by it. Returns how many rows
    /// each changed. The commands are spent: their text and parameters go to the batch. EF Core does not see them, so
    /// they are logged as it logs its own (category <c>Microsoft.EntityFrameworkCore.Database.Command</c>, no values).
    /// </summary>
    public static async Task<int[]> RunAsync(CtiPushDbContext db, IReadOnlyList<(DbCommand Command, Action<DbDataReader>? EachRow)> statements,
        CancellationToken cancellationToken)
    {
        if (statements.Count == 0)
        {
            return [];
        }
        var logger = db.GetService<ILoggerFactory>().CreateLogger(DbLoggerCategory.Database.Command.Name);
        var text = logger.IsEnabled(LogLevel.Information) ? string.Join(";\n", statements.Select(s => s.Command.CommandText)) : null;
        var started = Stopwatch.GetTimestamp();
        var changed = await ExecuteAsync(db, statements, cancellationToken); // a failure is the caller's to log, with what it means
        if (text is not null)
        {
            logger.LogInformation("Executed {Statements} statements together ({Elapsed:0.0} ms, {Changed} rows changed)\n{CommandText}",
                statements.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds, changed.Sum(), text);
        }
        return changed;
    }

    private static async Task<int[]> ExecuteAsync(CtiPushDbContext db, IReadOnlyList<(DbCommand Command, Action<DbDataReader>? EachRow)> statements,
        CancellationToken cancellationToken)
    {
        var changed = new int[statements.Count];
        var connection = db.Database.GetDbConnection();
        if (!connection.CanCreateBatch)
        {
            for (var i = 0; i < statements.Count; i++)
            {
                var (command, eachRow) = statements[i];
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    eachRow?.Invoke(reader);
                }
                await reader.CloseAsync();
                changed[i] = reader.RecordsAffected;
            }
            return changed;
        }
        await using var batch = connection.CreateBatch();
        batch.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        batch.Timeout = statements[0].Command.CommandTimeout;
        foreach (var (command, _) in statements)
        {
            var batchCommand = batch.CreateBatchCommand();
            batchCommand.CommandText = command.CommandText;
            var parameters = command.Parameters.Cast<DbParameter>().ToArray();
            command.Parameters.Clear(); // each parameter belongs to one command
            batchCommand.Parameters.AddRange(parameters);
            batch.BatchCommands.Add(batchCommand);
        }
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            // Only a statement that returns rows has a result of its own to step to.
            var first = true;
            foreach (var (_, eachRow) in statements.Where(s => s.EachRow is not null))
            {
                if (!first && !await reader.NextResultAsync(cancellationToken))
                {
                    break;
                }
                first = false;
                while (await reader.ReadAsync(cancellationToken))
                {
                    eachRow!(reader);
                }
            }
            // The rest run as the reader steps past them: a failure among them surfaces here, not lost in Dispose.
            while (await reader.NextResultAsync(cancellationToken))
            {
            }
        }
        for (var i = 0; i < statements.Count; i++)
        {
            changed[i] = batch.BatchCommands[i].RecordsAffected;
        }
        return changed;
    }
}
