package dev.sheaf.server.flight;

import java.sql.Connection;
import org.apache.arrow.flight.sql.SqlInfoBuilder;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlNullOrdering;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlOuterJoinsSupportLevel;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedCaseSensitivity;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedGroupBy;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedResultSetType;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedSubqueries;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedTransaction;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedUnions;
import org.apache.arrow.flight.sql.impl.FlightSql.SupportedAnsi92SqlGrammarLevel;
import org.apache.arrow.flight.sql.impl.FlightSql.SupportedSqlGrammar;

/**
 * The SqlInfo values the Flight SQL JDBC driver, ADBC and ODBC ask a server for: every value JDBC's
 * {@code DatabaseMetaData} reads. The JDBC driver turns a missing boolean or number into a
 * NullPointerException in the BI tool (it unboxes the absent value), so each one it reads is here.
 * Lengths and counts of 0 mean "no limit" as in JDBC.
 */
final class SheafSqlInfo {
  static final String VERSION = "0.1.0";

  private SheafSqlInfo() {}

  static SqlInfoBuilder create() {
    SqlInfoBuilder info = new SqlInfoBuilder();
    server(info);
    dialect(info);
    grammar(info);
    limits(info);
    transactions(info);
    return info;
  }

  /** Who answers, and what the server does beyond SQL text. */
  private static void server(SqlInfoBuilder info) {
    info.withFlightSqlServerName("Sheaf")
        .withFlightSqlServerVersion(VERSION)
        .withFlightSqlServerArrowVersion("18.3.0")
        .withFlightSqlServerReadOnly(false)
        .withFlightSqlServerSql(true)
        .withFlightSqlServerSubstrait(false)
        .withFlightSqlServerCancel(true)
        .withFlightSqlServerBulkIngestion(true)
        .withFlightSqlServerBulkIngestionTransaction(false)
        .withFlightSqlServerStatementTimeout(0)
        .withFlightSqlServerTransactionTimeout(0);
  }

  /** Names, quoting, terms, keywords and functions. */
  private static void dialect(SqlInfoBuilder info) {
    info.withSqlIdentifierQuoteChar("\"")
        .withSqlIdentifierCase(SqlSupportedCaseSensitivity.SQL_CASE_SENSITIVITY_LOWERCASE)
        .withSqlQuotedIdentifierCase(
            SqlSupportedCaseSensitivity.SQL_CASE_SENSITIVITY_CASE_INSENSITIVE)
        .withSqlSearchStringEscape("\\")
        .withSqlExtraNameCharacters("")
        .withSqlCatalogTerm("catalog")
        .withSqlSchemaTerm("schema")
        .withSqlProcedureTerm("procedure")
        .withSqlCatalogAtStart(true)
        .withSqlDdlCatalog(false)
        .withSqlDdlSchema(true)
        .withSqlDdlTable(true)
        .withSqlAllTablesAreSelectable(true)
        .withSqlNullOrdering(SqlNullOrdering.SQL_NULLS_SORTED_HIGH)
        .withSqlKeywords(SqlVocabulary.KEYWORDS.toArray(String[]::new))
        .withSqlNumericFunctions(SqlVocabulary.NUMERIC_FUNCTIONS.toArray(String[]::new))
        .withSqlStringFunctions(SqlVocabulary.STRING_FUNCTIONS.toArray(String[]::new))
        .withSqlDatetimeFunctions(SqlVocabulary.DATETIME_FUNCTIONS.toArray(String[]::new))
        .withSqlSystemFunctions(SqlVocabulary.SYSTEM_FUNCTIONS.toArray(String[]::new))
        .withSqlSupportsConvert(SqlConversions.all());
  }

  /** What the query language has (Calcite's SQL: joins, subqueries, set operations). */
  private static void grammar(SqlInfoBuilder info) {
    info.withSqlSupportedGrammar(
            SupportedSqlGrammar.SQL_MINIMUM_GRAMMAR, SupportedSqlGrammar.SQL_CORE_GRAMMAR)
        .withSqlAnsi92SupportedLevel(SupportedAnsi92SqlGrammarLevel.ANSI92_ENTRY_SQL)
        .withSqlSupportsColumnAliasing(true)
        .withSqlNullPlusNullIsNull(true)
        .withSqlSupportsTableCorrelationNames(true)
        .withSqlSupportsDifferentTableCorrelationNames(false)
        .withSqlSupportsExpressionsInOrderBy(true)
        .withSqlSupportsOrderByUnrelated(true)
        .withSqlSupportedGroupBy(
            SqlSupportedGroupBy.SQL_GROUP_BY_UNRELATED,
            SqlSupportedGroupBy.SQL_GROUP_BY_BEYOND_SELECT)
        .withSqlSupportsLikeEscapeClause(true)
        .withSqlSupportsNonNullableColumns(true)
        .withSqlSupportsIntegrityEnhancementFacility(false)
        .withSqlOuterJoinSupportLevel(
            SqlOuterJoinsSupportLevel.SQL_LIMITED_OUTER_JOINS,
            SqlOuterJoinsSupportLevel.SQL_FULL_OUTER_JOINS)
        .withSqlSchemasSupportedActions()
        .withSqlCatalogsSupportedActions()
        .withSqlSupportedPositionedCommands()
        .withSqlSelectForUpdateSupported(false)
        .withSqlStoredProceduresSupported(false)
        .withSqlStoredFunctionsUsingCallSyntaxSupported(false)
        .withSqlSubQueriesSupported(
            SqlSupportedSubqueries.SQL_SUBQUERIES_IN_COMPARISONS,
            SqlSupportedSubqueries.SQL_SUBQUERIES_IN_EXISTS,
            SqlSupportedSubqueries.SQL_SUBQUERIES_IN_INS,
            SqlSupportedSubqueries.SQL_SUBQUERIES_IN_QUANTIFIEDS)
        .withSqlCorrelatedSubqueriesSupported(true)
        .withSqlSupportedUnions(SqlSupportedUnions.SQL_UNION, SqlSupportedUnions.SQL_UNION_ALL)
        .withSqlSupportedResultSetTypes(SqlSupportedResultSetType.SQL_RESULT_SET_TYPE_FORWARD_ONLY)
        .withSqlBatchUpdatesSupported(true)
        .withSqlNamedParametersSupported(false)
        .withSqlLocatorsUpdateCopy(false);
  }

  /** Sheaf sets none of JDBC's length and count limits: 0, "no limit or unknown". */
  private static void limits(SqlInfoBuilder info) {
    info.withSqlMaxBinaryLiteralLength(0)
        .withSqlMaxCharLiteralLength(0)
        .withSqlMaxColumnNameLength(0)
        .withSqlMaxColumnsInGroupBy(0)
        .withSqlMaxColumnsInIndex(1)
        .withSqlMaxColumnsInOrderBy(0)
        .withSqlMaxColumnsInSelect(0)
        .withSqlMaxColumnsInTable(0)
        .withSqlMaxConnections(0)
        .withSqlMaxCursorNameLength(0)
        .withSqlMaxIndexLength(0)
        .withSqlDbSchemaNameLength(0)
        .withSqlMaxProcedureNameLength(0)
        .withSqlMaxCatalogNameLength(0)
        .withSqlMaxRowSize(0)
        .withSqlMaxRowSizeIncludesBlobs(false)
        .withSqlMaxStatementLength(0)
        .withSqlMaxStatements(0)
        .withSqlMaxTableNameLength(0)
        .withSqlMaxTablesInSelect(0)
        .withSqlMaxUsernameLength(0);
  }

  /** Each statement commits on its own: no transactions, savepoints or isolation levels. */
  private static void transactions(SqlInfoBuilder info) {
    info.withFlightSqlServerTransaction(SqlSupportedTransaction.SQL_SUPPORTED_TRANSACTION_NONE)
        .withSqlTransactionsSupported(false)
        .withSqlSavepointsSupported(false)
        .withSqlDefaultTransactionIsolation(Connection.TRANSACTION_NONE)
        .withSqlSupportedTransactionsIsolationLevels()
        .withSqlDataDefinitionCausesTransactionCommit(false)
        .withSqlDataDefinitionsInTransactionsIgnored(false);
  }
}
