<#-- Sheaf DDL productions, included into Calcite's Parser.jj template. -->

boolean IfNotExistsOpt() :
{
}
{
    <IF> <NOT> <EXISTS> { return true; }
|
    { return false; }
}

boolean IfExistsOpt() :
{
}
{
    <IF> <EXISTS> { return true; }
|
    { return false; }
}

SqlCreate SqlCreateSchema(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier name;
}
{
    <SCHEMA> ifNotExists = IfNotExistsOpt() name = CompoundIdentifier()
    {
        return new SqlCreateSchema(s.end(this), ifNotExists, name);
    }
}

SqlDrop SqlDropSchema(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier name;
    boolean cascade = false;
}
{
    <SCHEMA> ifExists = IfExistsOpt() name = CompoundIdentifier()
    [ <CASCADE> { cascade = true; } | <RESTRICT> ]
    {
        return new SqlDropSchema(s.end(this), ifExists, name, cascade);
    }
}

/** A column type: a Calcite type, or VECTOR(n). IMAGE, VIDEO, AUDIO, DOCUMENT and JSON parse as type names. */
SqlColumnDeclaration ColumnDeclaration() :
{
    final SqlIdentifier name;
    SqlDataTypeSpec type = null;
    int dimension = -1;
    boolean notNull = false;
    boolean primaryKey = false;
    final Span s;
}
{
    name = SimpleIdentifier() { s = span(); }
    (
        <VECTOR> <LPAREN> dimension = UnsignedIntLiteral() <RPAREN>
    |
        type = DataType()
    )
    (
        <NOT> <NULL> { notNull = true; }
    |
        <NULL> { notNull = false; }
    |
        <PRIMARY> <KEY> { primaryKey = true; notNull = true; }
    )*
    {
        return new SqlColumnDeclaration(s.end(this), name, type, dimension, notNull, primaryKey);
    }
}

/**
 * A column, a PRIMARY KEY (...), or a computed column {@code name AS (expr) [STORED | VIRTUAL]
 * [ON ERROR NULL | ABORT]}, kept as the ALTER TABLE that adds it once the table exists.
 */
void TableElement(List<SqlNode> columns, List<SqlNode> primaryKey, List<SqlNode> computed,
    SqlIdentifier table) :
{
    SqlNodeList keyColumns;
    final Span s;
    final SqlIdentifier name;
    final SqlNode expression;
    boolean virtual = false;
    boolean abort = false;
    SqlParserPos open = null;
    SqlParserPos close = null;
}
{
    <PRIMARY> <KEY> keyColumns = ParenthesizedSimpleIdentifierList() { primaryKey.addAll(keyColumns.getList()); }
|
    LOOKAHEAD(2)
    name = SimpleIdentifier() { s = span(); } <AS> <LPAREN> { open = getPos(); }
    expression = Expression(ExprContext.ACCEPT_NON_QUERY) <RPAREN> { close = getPos(); }
    [ <STORED> | <VIRTUAL> { virtual = true; } ]
    [ <ON> <ERROR> ( <NULL> | <ABORT> { abort = true; } ) ]
    {
        computed.add(SqlAlterTable.addComputed(s.end(this), table, name, expression, open, close,
            virtual, abort));
    }
|
    { columns.add(ColumnDeclaration()); }
}

SqlCreate SqlCreateTable(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier name;
    final List<SqlNode> columns = new ArrayList<SqlNode>();
    final List<SqlNode> primaryKey = new ArrayList<SqlNode>();
    final List<SqlNode> computed = new ArrayList<SqlNode>();
    SqlNode query = null;
}
{
    <TABLE> ifNotExists = IfNotExistsOpt() name = CompoundIdentifier()
    [
        <LPAREN> TableElement(columns, primaryKey, computed, name)
        ( <COMMA> TableElement(columns, primaryKey, computed, name) )*
        <RPAREN>
    ]
    [ <AS> query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY) ]
    {
        return new SqlCreateTable(s.end(this), ifNotExists, name,
            new SqlNodeList(columns, s.pos()), new SqlNodeList(primaryKey, s.pos()),
            new SqlNodeList(computed, s.pos()), query);
    }
}

SqlDrop SqlDropTable(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier name;
}
{
    <TABLE> ifExists = IfExistsOpt() name = CompoundIdentifier()
    {
        return new SqlDropTable(s.end(this), ifExists, name);
    }
}

/**
 * A tag or branch name: an identifier, or {@code exp}, which SQL reserves (the function) but people
 * name experiment branches with ({@code CREATE BRANCH exp ON DATASET d}).
 */
SqlIdentifier SheafReferenceName() :
{
    final SqlIdentifier id;
}
{
    (
        id = SimpleIdentifier()
    |
        <EXP> { id = new SqlIdentifier("exp", getPos()); }
    )
    { return id; }
}

SqlReferenceKind ReferenceKind() :
{
}
{
    <TAG> { return SqlReferenceKind.TAG; }
|
    <BRANCH> { return SqlReferenceKind.BRANCH; }
}

SqlCreate SqlCreateReference(Span s, boolean replace) :
{
    final SqlReferenceKind kind;
    final boolean ifNotExists;
    final SqlIdentifier name;
    final SqlIdentifier table;
    SqlNode version = null;
    boolean dataset = false;
}
{
    kind = ReferenceKind() ifNotExists = IfNotExistsOpt() name = SheafReferenceName()
    <ON> [ LOOKAHEAD(2) <DATASET> { dataset = true; } ] table = CompoundIdentifier()
    [ <VERSION> version = Literal() ]
    {
        return new SqlCreateReference(s.end(this), kind, replace, ifNotExists, name, table, version,
            dataset);
    }
}

SqlDrop SqlDropReference(Span s, boolean replace) :
{
    final SqlReferenceKind kind;
    final boolean ifExists;
    final SqlIdentifier name;
    final SqlIdentifier table;
}
{
    kind = ReferenceKind() ifExists = IfExistsOpt() name = SheafReferenceName()
    <ON> table = CompoundIdentifier()
    {
        return new SqlDropReference(s.end(this), kind, ifExists, name, table);
    }
}

/** {@code CREATE INDEX [IF NOT EXISTS] name ON t USING method (column) [WITH (key = value, ...)]}. */
SqlCreate SqlCreateIndex(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier name;
    final SqlIdentifier table;
    final SqlIdentifier method;
    final SqlIdentifier column;
    final List<SqlNode> settings = new ArrayList<SqlNode>();
    SqlNode key;
    SqlNode value;
}
{
    <INDEX> ifNotExists = IfNotExistsOpt() name = SimpleIdentifier()
    <ON> table = CompoundIdentifier()
    <USING> method = SimpleIdentifier()
    <LPAREN> column = SimpleIdentifier() <RPAREN>
    [
        <WITH> <LPAREN>
        key = SimpleIdentifier() <EQ> value = Literal() { settings.add(key); settings.add(value); }
        (
            <COMMA> key = SimpleIdentifier() <EQ> value = Literal()
            { settings.add(key); settings.add(value); }
        )*
        <RPAREN>
    ]
    {
        return new SqlCreateIndex(s.end(this), ifNotExists, name, table, method, column,
            new SqlNodeList(settings, s.end(this)));
    }
}

/** {@code DROP INDEX [IF EXISTS] name [ON table]}. */
SqlDrop SqlDropIndex(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier name;
    SqlIdentifier table = null;
}
{
    <INDEX> ifExists = IfExistsOpt() name = SimpleIdentifier()
    [ <ON> table = CompoundIdentifier() ]
    {
        return new SqlDropIndex(s.end(this), ifExists, name, table);
    }
}

SqlNode SqlAlterTable() :
{
    final Span s;
    final SqlIdentifier table;
    final SqlColumnDeclaration column;
    final SqlIdentifier name;
    final SqlIdentifier newName;
    final SqlNode timestamp;
    final SqlDataTypeSpec type;
    final List<SqlNode> properties = new ArrayList<SqlNode>();
    SqlNode key;
    SqlNode value;
    SqlNode expression = null;
    boolean virtual = false;
    boolean abort = false;
    SqlParserPos open = null;
    SqlParserPos close = null;
}
{
    <ALTER> { s = span(); } <TABLE> table = CompoundIdentifier()
    (
        <SET> <LPAREN> key = StringLiteral() <EQ> value = StringLiteral()
        { properties.add(key); properties.add(value); }
        (
            <COMMA> key = StringLiteral() <EQ> value = StringLiteral()
            { properties.add(key); properties.add(value); }
        )*
        <RPAREN>
        {
            return SqlAlterTable.setProperties(s.end(this), table,
                new SqlNodeList(properties, s.end(this)));
        }
    |
        <ADD> [ <COLUMN> ]
        (
            LOOKAHEAD(2)
            name = SimpleIdentifier() <AS> <LPAREN> { open = getPos(); }
            expression = Expression(ExprContext.ACCEPT_NON_QUERY) <RPAREN> { close = getPos(); }
            [ <STORED> | <VIRTUAL> { virtual = true; } ]
            [ <ON> <ERROR> ( <NULL> | <ABORT> { abort = true; } ) ]
            {
                return SqlAlterTable.addComputed(s.end(this), table, name, expression, open, close,
                    virtual, abort);
            }
        |
            column = ColumnDeclaration()
            { return SqlAlterTable.addColumn(s.end(this), table, column); }
        )
    |
        <RECOMPUTE> name = SimpleIdentifier()
        [ <WHERE> expression = Expression(ExprContext.ACCEPT_NON_QUERY) ]
        [ <ERRORS> <ONLY> { abort = true; } ]
        { return SqlAlterTable.recompute(s.end(this), table, name, expression, abort); }
    |
        <DROP> [ <COLUMN> ] name = SimpleIdentifier()
        { return SqlAlterTable.dropColumn(s.end(this), table, name); }
    |
        <RENAME>
        (
            <TO> newName = CompoundIdentifier()
            { return SqlAlterTable.renameTable(s.end(this), table, newName); }
        |
            [ <COLUMN> ] name = SimpleIdentifier() <TO> newName = SimpleIdentifier()
            { return SqlAlterTable.renameColumn(s.end(this), table, name, newName); }
        )
    |
        <ALTER> [ <COLUMN> ] name = SimpleIdentifier() [ <SET> <DATA> ] <TYPE> type = DataType()
        {
            return SqlAlterTable.alterColumnType(s.end(this), table,
                new SqlColumnDeclaration(s.end(this), name, type, -1, false, false));
        }
    |
        <EXPIRE> <VERSIONS> <OLDER> <THAN> timestamp = Expression(ExprContext.ACCEPT_NON_QUERY)
        { return SqlAlterTable.expireVersions(s.end(this), table, timestamp); }
    )
}

/** {@code CREATE MODEL [IF NOT EXISTS] name FROM 'uri' [WITH (key = literal, ...)]}. */
SqlCreate SqlCreateModel(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier name;
    final SqlNode source;
    final List<SqlIdentifier> keys = new ArrayList<SqlIdentifier>();
    final List<SqlNode> values = new ArrayList<SqlNode>();
    SqlIdentifier key;
    SqlNode value;
}
{
    <MODEL> ifNotExists = IfNotExistsOpt() name = SimpleIdentifier()
    <FROM> source = StringLiteral()
    [
        <WITH> <LPAREN>
        key = SimpleIdentifier() <EQ> value = Literal() { keys.add(key); values.add(value); }
        (
            <COMMA> key = SimpleIdentifier() <EQ> value = Literal()
            { keys.add(key); values.add(value); }
        )*
        <RPAREN>
    ]
    {
        return new SqlCreateModel(s.end(this), ifNotExists, name, source, keys, values);
    }
}

/** {@code DROP MODEL [IF EXISTS] name}. */
SqlDrop SqlDropModel(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier name;
}
{
    <MODEL> ifExists = IfExistsOpt() name = SimpleIdentifier()
    {
        return new SqlDropModel(s.end(this), ifExists, name);
    }
}

/** {@code SHOW SCHEMAS}, {@code SHOW TABLES [FROM | IN schema]}, {@code SHOW MODELS} or {@code SHOW COLUMNS FROM | IN table}. */
SqlNode SqlShow() :
{
    final Span s;
    SqlIdentifier schema = null;
    final SqlIdentifier table;
}
{
    <SHOW> { s = span(); }
    (
        <SCHEMAS> { return new SqlShow(s.end(this), SqlShow.Kind.SCHEMAS, null); }
    |
        <MODELS> { return new SqlShow(s.end(this), SqlShow.Kind.MODELS, null); }
    |
        <COLUMNS> ( <FROM> | <IN> ) table = CompoundIdentifier()
        { return new SqlShow(s.end(this), SqlShow.Kind.COLUMNS, table); }
    |
        <TABLES> [ ( <FROM> | <IN> ) schema = CompoundIdentifier() ]
        { return new SqlShow(s.end(this), SqlShow.Kind.TABLES, schema); }
    )
}

/**
 * {@code PAUSE JOB 'id'}, {@code RESUME JOB 'id'}, {@code CANCEL JOB 'id'} or {@code WAIT FOR JOB
 * 'id'}: a background job.
 */
SqlNode SqlJobControl() :
{
    final Span s;
    final SqlJobControl.Action action;
    final SqlNode id;
}
{
    (
        <PAUSE> { s = span(); action = SqlJobControl.Action.PAUSE; }
    |   <RESUME> { s = span(); action = SqlJobControl.Action.RESUME; }
    |   <CANCEL> { s = span(); action = SqlJobControl.Action.CANCEL; }
    |   <WAIT> { s = span(); action = SqlJobControl.Action.WAIT; } <FOR>
    )
    <JOB> id = StringLiteral()
    {
        return new SqlJobControl(s.end(this), action, id);
    }
}

/**
 * {@code INGEST MEDIA FROM 'source' TO 'destination' [INTO TABLE t (column)]}: a media migration,
 * run as a background job.
 */
SqlNode SqlIngestMedia() :
{
    final Span s;
    final SqlNode source;
    final SqlNode destination;
    SqlIdentifier table = null;
    SqlIdentifier column = null;
}
{
    <INGEST> { s = span(); } <MEDIA> <FROM> source = StringLiteral()
    <TO> destination = StringLiteral()
    [
        <INTO> <TABLE> table = CompoundIdentifier()
        <LPAREN> column = SimpleIdentifier() <RPAREN>
    ]
    {
        return new SqlIngestMedia(s.end(this), source, destination, table, column);
    }
}

/** {@code TRUNCATE [TABLE] t}: a new version of the table with no rows. */
SqlNode SqlTruncateTable() :
{
    final Span s;
    final SqlIdentifier table;
}
{
    <TRUNCATE> { s = span(); } [ <TABLE> ] table = CompoundIdentifier()
    {
        return new SqlTruncateTable(s.end(this), table);
    }
}

/**
 * Whether the tokens after {@code CONVERT(} are one expression, a comma, a string literal and the
 * closing parenthesis: Sheaf's {@code convert(img, 'RGB')}, not one of Calcite's CONVERT forms
 * (whose second argument is a name or a type). Scans tokens, so a call as the first argument
 * ({@code convert(resize(img, 8, 8), 'L')}) is seen too.
 */
JAVACODE boolean sheafImageConvertAhead()
{
    int depth = 0;
    for (int i = 1;; i++) {
        Token t = getToken(i);
        if (t.kind == EOF) {
            return false;
        } else if (t.kind == LPAREN || t.kind == LBRACKET) {
            depth++;
        } else if (t.kind == RPAREN || t.kind == RBRACKET) {
            if (depth == 0) {
                return false;
            }
            depth--;
        } else if (t.kind == COMMA && depth == 0) {
            return i > 1 && getToken(i + 1).kind == QUOTED_STRING && getToken(i + 2).kind == RPAREN;
        }
    }
}

/**
 * {@code FETCH(media)}: the media bytes of a cell. FETCH is a reserved word (FETCH FIRST n ROWS),
 * so the call parses here and becomes a call of the function named "fetch".
 */
SqlNode SheafFetchCall() :
{
    final Span s;
    final SqlNode arg;
}
{
    <FETCH> { s = span(); } <LPAREN> arg = Expression(ExprContext.ACCEPT_SUB_QUERY) <RPAREN>
    {
        return createCall(new SqlIdentifier("fetch", s.pos()), s.end(this),
            SqlFunctionCategory.USER_DEFINED_FUNCTION, null, ImmutableList.of(arg));
    }
}

/**
 * {@code MERGE INTO t [[AS] a] USING source ON condition} and one or more {@code WHEN MATCHED [AND
 * condition] THEN UPDATE SET ... | DELETE} and {@code WHEN NOT MATCHED [AND condition] THEN INSERT
 * [(columns)] VALUES (...)}, the first clause whose condition holds applying to a row. Replaces
 * Calcite's SqlMerge production (renamed by the build); {@link SqlMergeClauses} builds Calcite's
 * SqlMerge from the clauses.
 */
SqlNode SqlMerge() :
{
    final SqlIdentifier tableName;
    SqlIdentifier alias = null;
    final SqlNode source;
    final SqlNode condition;
    final List<SqlMergeClauses.Clause> clauses = new ArrayList<SqlMergeClauses.Clause>();
    SqlMergeClauses.Clause clause;
    final Span s;
}
{
    <MERGE> { s = span(); } <INTO> tableName = CompoundTableIdentifier()
    [ [ <AS> ] alias = SimpleIdentifier() ]
    <USING> source = TableRef()
    <ON> condition = Expression(ExprContext.ACCEPT_SUB_QUERY)
    ( clause = SheafMergeClause() { clauses.add(clause); } )+
    {
        return SqlMergeClauses.merge(s.end(this), tableName, alias, source, condition, clauses);
    }
}

SqlMergeClauses.Clause SheafMergeClause() :
{
    SqlNode when = null;
    SqlIdentifier id;
    final SqlNodeList columns = new SqlNodeList(SqlParserPos.ZERO);
    final SqlNodeList values = new SqlNodeList(SqlParserPos.ZERO);
    SqlNodeList insertColumns = null;
    final SqlNode row;
    final Span s;
}
{
    <WHEN> { s = span(); }
    (
        <MATCHED> [ <AND> when = Expression(ExprContext.ACCEPT_SUB_QUERY) ] <THEN>
        (
            <UPDATE> <SET> id = CompoundIdentifier() { columns.add(id); }
            <EQ> AddExpression(values, ExprContext.ACCEPT_SUB_QUERY)
            (
                <COMMA> id = CompoundIdentifier() { columns.add(id); }
                <EQ> AddExpression(values, ExprContext.ACCEPT_SUB_QUERY)
            )*
            { return SqlMergeClauses.Clause.update(s.end(this), when, columns, values); }
        |
            <DELETE> { return SqlMergeClauses.Clause.delete(s.end(this), when); }
        )
    |
        <NOT> <MATCHED> [ <AND> when = Expression(ExprContext.ACCEPT_SUB_QUERY) ] <THEN> <INSERT>
        [ LOOKAHEAD(2) insertColumns = ParenthesizedSimpleIdentifierList() ]
        (
            <LPAREN> <VALUES> row = RowConstructor() <RPAREN>
        |
            <VALUES> row = RowConstructor()
        )
        { return SqlMergeClauses.Clause.insert(s.end(this), when, insertColumns, row); }
    )
}

/**
 * A keyword PostgreSQL lets name a column after AS ({@code count(*) AS count}, {@code AS sum},
 * {@code AS end}): Calcite reserves these words, PostgreSQL takes any keyword as a column label.
 * The build patches Calcite's select item to try this only directly after AS (pom.xml), so
 * without AS the words keep their own meaning.
 */
SqlIdentifier SheafColumnLabel() :
{
}
{
    ( <COUNT> | <SUM> | <AVG> | <MIN> | <MAX> | <ONE> | <RANK> | <START> | <END> | <LEFT>
    | <RIGHT> | <RESULT> | <CURRENT> | <LOWER> | <UPPER> )
    {
        return new SqlIdentifier(token.image.toLowerCase(Locale.ROOT), getPos());
    }
}

/**
 * {@code CREATE [OR REPLACE] VIEW name AS query [STRATIFY BY column]}: the query's text is kept as
 * written (from after AS), STRATIFY BY makes its TABLESAMPLE take that share of every stratum.
 */
SqlCreate SqlCreateView(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier name;
    final SqlNode query;
    SqlParserPos as = null;
    SqlParserPos stratify = null;
    SqlIdentifier stratum = null;
}
{
    <VIEW> ifNotExists = IfNotExistsOpt() name = CompoundIdentifier()
    <AS> { as = getPos(); }
    query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
    [ <STRATIFY> { stratify = getPos(); } <BY> stratum = SimpleIdentifier() ]
    {
        return new SqlCreateView(s.end(this), replace, ifNotExists, name, query, as, stratify,
            stratum);
    }
}

SqlDrop SqlDropView(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier name;
}
{
    <VIEW> ifExists = IfExistsOpt() name = CompoundIdentifier()
    {
        return new SqlDropView(s.end(this), ifExists, name);
    }
}

/** {@code CREATE DATASET [IF NOT EXISTS] d (t1, schema.t2, ...)}. */
SqlCreate SqlCreateDataset(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier name;
    final List<SqlNode> tables = new ArrayList<SqlNode>();
    SqlIdentifier table;
}
{
    <DATASET> ifNotExists = IfNotExistsOpt() name = SimpleIdentifier()
    <LPAREN> table = CompoundIdentifier() { tables.add(table); }
    ( <COMMA> table = CompoundIdentifier() { tables.add(table); } )*
    <RPAREN>
    {
        return new SqlCreateDataset(s.end(this), ifNotExists, name,
            new SqlNodeList(tables, s.end(this)));
    }
}

SqlDrop SqlDropDataset(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier name;
}
{
    <DATASET> ifExists = IfExistsOpt() name = SimpleIdentifier()
    {
        return new SqlDropDataset(s.end(this), ifExists, name);
    }
}

/** A dataset or table version: a number, or a quoted tag or branch name. */
SqlNode SheafVersionLiteral() :
{
    final SqlNode version;
}
{
    (
        version = UnsignedNumericLiteral()
    |
        version = StringLiteral()
    )
    { return version; }
}

/**
 * {@code COMMIT DATASET d [TAG 't'] [MESSAGE 'm']}, {@code DESCRIBE DATASET d [VERSION v]},
 * {@code MERGE BRANCH b INTO main ON DATASET d | ON [TABLE] t} and
 * {@code DIFF DATASET d | TABLE t FROM v1 [TO v2]}.
 */
SqlNode SqlDatasetStatement() :
{
    final Span s;
    SqlIdentifier target;
    boolean dataset = true;
    SqlNode first = null;
    SqlNode second = null;
    SqlIdentifier branch;
}
{
    (
        <COMMIT> { s = span(); } <DATASET> target = SimpleIdentifier()
        [ <TAG> first = StringLiteral() ]
        [ <MESSAGE> second = StringLiteral() ]
        {
            return new SqlDatasetStatement(s.end(this), SqlDatasetStatement.Action.COMMIT,
                target, true, first, second);
        }
    |
        <DESCRIBE> { s = span(); } <DATASET> target = SimpleIdentifier()
        [ <VERSION> first = SheafVersionLiteral() ]
        {
            return new SqlDatasetStatement(s.end(this), SqlDatasetStatement.Action.DESCRIBE,
                target, true, first, null);
        }
    |
        <MERGE> { s = span(); } <BRANCH> branch = SheafReferenceName() { first = branch; }
        <INTO> branch = SheafReferenceName() { second = branch; }
        <ON>
        (
            LOOKAHEAD(2) <DATASET> target = SimpleIdentifier()
        |
            [ <TABLE> ] target = CompoundIdentifier() { dataset = false; }
        )
        {
            return new SqlDatasetStatement(s.end(this), SqlDatasetStatement.Action.MERGE_BRANCH,
                target, dataset, first, second);
        }
    |
        <DIFF> { s = span(); }
        (
            <DATASET> target = SimpleIdentifier()
        |
            <TABLE> target = CompoundIdentifier() { dataset = false; }
        )
        <FROM> first = SheafVersionLiteral()
        [ <TO> second = SheafVersionLiteral() ]
        {
            return new SqlDatasetStatement(s.end(this), SqlDatasetStatement.Action.DIFF,
                target, dataset, first, second);
        }
    )
}

/**
 * {@code CREATE SOURCE [IF NOT EXISTS] s FROM 'uri' [TABLE name] [CREDENTIALS 'profile']}: where
 * SYNC TABLE reads rows (a PostgreSQL table, or CSV / Parquet files under file:// or s3://).
 */
SqlCreate SqlCreateSource(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier name;
    final SqlNode uri;
    SqlIdentifier table = null;
    SqlNode credentials = null;
}
{
    <SOURCE> ifNotExists = IfNotExistsOpt() name = SimpleIdentifier()
    <FROM> uri = StringLiteral()
    [ <TABLE> table = CompoundIdentifier() ]
    [ <CREDENTIALS> credentials = StringLiteral() ]
    {
        return new SqlCreateSource(s.end(this), ifNotExists, name, uri, table, credentials);
    }
}

/** {@code DROP SOURCE [IF EXISTS] s}. */
SqlDrop SqlDropSource(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier name;
}
{
    <SOURCE> ifExists = IfExistsOpt() name = SimpleIdentifier()
    {
        return new SqlDropSource(s.end(this), ifExists, name);
    }
}

/**
 * {@code SYNC TABLE t FROM SOURCE s KEY (c, ...) [CURSOR c] [DELETE MISSING]}: upserts the
 * source's rows into t by key, in one version.
 */
SqlNode SqlSyncTable() :
{
    final Span s;
    final SqlIdentifier table;
    final SqlIdentifier source;
    final List<SqlIdentifier> keys = new ArrayList<SqlIdentifier>();
    SqlIdentifier key;
    SqlIdentifier cursor = null;
    boolean deleteMissing = false;
}
{
    <SYNC> { s = span(); } <TABLE> table = CompoundIdentifier()
    <FROM> <SOURCE> source = SimpleIdentifier()
    <KEY> <LPAREN> key = SimpleIdentifier() { keys.add(key); }
    ( <COMMA> key = SimpleIdentifier() { keys.add(key); } )*
    <RPAREN>
    [ <CURSOR> cursor = SimpleIdentifier() ]
    [ <DELETE> <MISSING> { deleteMissing = true; } ]
    {
        return new SqlSyncTable(s.end(this), table, source, keys, cursor, deleteMissing);
    }
}
