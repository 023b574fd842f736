package com.threatlens.agent.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.Parenthesis;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

/**
 * What a prepared statement's text says about the one row it may touch, before the schema is
 * known: the table, and the columns compared to (or, for an INSERT, given) a bare {@code ?} with
 * that parameter's index. The cache keeps a point statement's reads and writes to the row whose
 * key is bound to the parameter of the table's primary key column (see
 * {@code cache.TableVersions}); whether one of the candidate columns is that key is for the schema
 * to say.
 *
 * <p>Shapes:
 * <ul>
 * <li>{@link Kind#READ}: a single-table SELECT without join, subquery, compound or CTE, whose WHERE
 *     is {@code column = ?} (either side), possibly AND-ed with other terms; an OR at the top of
 *     the WHERE makes it no shape.</li>
 * <li>{@link Kind#WRITE}: an UPDATE or DELETE of one table with such a WHERE; an UPDATE lists the
 *     columns it assigns (one that assigns the key is not a point write). {@code UPDATE OR
 *     REPLACE} and {@code UPDATE ... FROM} are no shape.</li>
 * <li>{@link Kind#INSERT}: a plain INSERT (any conflict clause but REPLACE, no upsert): it only
 *     adds rows. The candidates are the listed columns of a single VALUES row given as a bare
 *     {@code ?}; an INSERT from a SELECT, of several rows or without a column list has none, and
 *     its new rows' keys are unknown. REPLACE and upserts may change rows other than the one they
 *     name (through other unique constraints): no shape.</li>
 * </ul>
 * Anything the parser cannot read, numbered or named parameters, and text longer than
 * {@value #MAX_LENGTH} characters give no shape ({@code null}): the statement is table-level.
 */
public final class PointShape {

    /** What the statement does to the row. */
    public enum Kind { READ, WRITE, INSERT }

    static final int MAX_LENGTH = 2_000;

    private final Kind kind;
    private final String table;
    private final String[] columns;
    private final int[] parameters;
    private final Set<String> assigned;

    private PointShape(Kind kind, String table, List<String> columns, List<Integer> parameters, Set<String> assigned) {
        this.kind = kind;
        this.table = table;
        this.columns = columns.toArray(new String[0]);
        this.parameters = parameters.stream().mapToInt(Integer::intValue).toArray();
        this.assigned = assigned;
    }

    public Kind kind() {
        return kind;
    }

    /** The table, as {@link StatementIdentity#tables()} names it. */
    public String table() {
        return table;
    }

    /** How many candidate key columns there are. */
    public int candidates() {
        return columns.length;
    }

    /** The name of candidate {@code i}, lower case and unquoted. */
    public String column(int i) {
        return columns[i];
    }

    /** The JDBC parameter index (1-based) bound to candidate {@code i}. */
    public int parameter(int i) {
        return parameters[i];
    }

    /** The columns an UPDATE assigns, lower case and unquoted; empty for the other kinds. */
    public Set<String> assigned() {
        return assigned;
    }

    /** The shape of {@code sql} (whose identity is {@code identity}), or null when it has none. Never throws. */
    public static PointShape of(String sql, StatementIdentity identity) {
        if (sql == null || sql.length() > MAX_LENGTH || identity.tables().size() != 1) {
            return null;
        }
        SqlOperation operation = identity.operation();
        if (operation != SqlOperation.SELECT && operation != SqlOperation.UPDATE
            && operation != SqlOperation.DELETE && operation != SqlOperation.INSERT) {
            return null;
        }
        int parameterCount = plainParameters(sql);
        if (parameterCount <= 0 || !plainStatement(identity.normalized(), operation)) {
            return null;
        }
        try {
            Statement statement = CCJSqlParserUtil.newParser(sql).Statement();
            PointShape shape = shape(statement, identity.tables().get(0));
            return shape != null && shape.parametersWithin(parameterCount) ? shape : null;
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable unreadable) {
            // Parse errors, and the parser's own errors on text it does not expect.
            return null;
        }
    }

    /** The count of {@code ?} parameters, or -1 when the text has numbered or named ones. */
    private static int plainParameters(String sql) {
        SqlLexer lexer = new SqlLexer(sql);
        int count = 0;
        for (SqlLexer.Kind token = lexer.next(); token != SqlLexer.Kind.END; token = lexer.next()) {
            if (token == SqlLexer.Kind.PARAMETER) {
                if (!lexer.is('?')) {
                    return -1;
                }
                count++;
            }
        }
        return count;
    }

    /**
     * No subquery (a SELECT keyword beyond a SELECT statement's own), no CTE, no REPLACE and no
     * upsert, read from the normalized text's keywords.
     */
    private static boolean plainStatement(String normalized, SqlOperation operation) {
        SqlLexer lexer = new SqlLexer(normalized);
        int selects = 0;
        String previous = "";
        boolean first = true;
        for (SqlLexer.Kind token = lexer.next(); token != SqlLexer.Kind.END; token = lexer.next()) {
            if (token != SqlLexer.Kind.WORD) {
                previous = "";
                first = false;
                continue;
            }
            if (lexer.isWord("SELECT")) {
                selects++;
            }
            if (first && !lexer.isWord(operation == SqlOperation.INSERT ? "INSERT" : operation.name())) {
                // WITH, REPLACE INTO, or a parenthesized start.
                return false;
            }
            if (lexer.isWord("REPLACE") && previous.equals("OR")
                || lexer.isWord("CONFLICT") && previous.equals("ON")
                || lexer.isWord("DUPLICATE") && previous.equals("ON")
                || lexer.isWord("FROM") && operation == SqlOperation.UPDATE) {
                return false;
            }
            previous = normalized.substring(lexer.start(), lexer.end()).toUpperCase(Locale.ROOT);
            first = false;
        }
        // An INSERT may take its rows from a SELECT: they are new rows of unknown keys all the same.
        return operation == SqlOperation.INSERT || selects == (operation == SqlOperation.SELECT ? 1 : 0);
    }

    private boolean parametersWithin(int count) {
        for (int parameter : parameters) {
            if (parameter < 1 || parameter > count) {
                return false;
            }
        }
        return true;
    }

    private static PointShape shape(Statement statement, String table) {
        if (statement instanceof PlainSelect select) {
            if (select.getWithItemsList() != null || !(select.getFromItem() instanceof Table from)
                || select.getJoins() != null && !select.getJoins().isEmpty() || !named(from, table)) {
                return null;
            }
            return keyed(Kind.READ, from, select.getWhere(), Set.of());
        }
        if (statement instanceof Update update) {
            if (update.getWithItemsList() != null || update.getFromItem() != null
                || update.getJoins() != null && !update.getJoins().isEmpty()
                || update.getStartJoins() != null && !update.getStartJoins().isEmpty()
                || !named(update.getTable(), table)) {
                return null;
            }
            java.util.SortedSet<String> assigned = new TreeSet<>();
            for (UpdateSet set : update.getUpdateSets()) {
                for (Column column : set.getColumns()) {
                    assigned.add(unquote(column.getColumnName()));
                }
            }
            return keyed(Kind.WRITE, update.getTable(), update.getWhere(), java.util.Collections.unmodifiableSortedSet(assigned));
        }
        if (statement instanceof Delete delete) {
            if (delete.getWithItemsList() != null || delete.getJoins() != null && !delete.getJoins().isEmpty()
                || delete.getUsingList() != null && !delete.getUsingList().isEmpty()
                || delete.getTables() != null && !delete.getTables().isEmpty() || !named(delete.getTable(), table)) {
                return null;
            }
            return keyed(Kind.WRITE, delete.getTable(), delete.getWhere(), Set.of());
        }
        if (statement instanceof Insert insert) {
            return inserted(insert, table);
        }
        return null;
    }

    private static PointShape keyed(Kind kind, Table from, Expression where, Set<String> assigned) {
        List<String> columns = new ArrayList<>();
        List<Integer> parameters = new ArrayList<>();
        List<Expression> terms = new ArrayList<>();
        conjuncts(where, terms);
        for (Expression term : terms) {
            if (term instanceof EqualsTo equals) {
                candidate(from, equals.getLeftExpression(), equals.getRightExpression(), columns, parameters);
                candidate(from, equals.getRightExpression(), equals.getLeftExpression(), columns, parameters);
            }
        }
        return columns.isEmpty() ? null : new PointShape(kind, qualifiedName(from), columns, parameters, assigned);
    }

    /** The top-level AND terms of {@code where}; an OR among them leaves it one term, which is no candidate. */
    private static void conjuncts(Expression where, List<Expression> terms) {
        if (where instanceof AndExpression and) {
            conjuncts(and.getLeftExpression(), terms);
            conjuncts(and.getRightExpression(), terms);
        } else if (where instanceof Parenthesis parenthesis) {
            conjuncts(parenthesis.getExpression(), terms);
        } else if (where != null) {
            terms.add(where);
        }
    }

    private static void candidate(Table from, Expression side, Expression other, List<String> columns,
                                  List<Integer> parameters) {
        if (side instanceof Column column && other instanceof JdbcParameter parameter && !parameter.isUseFixedIndex()
            && ofTable(column, from)) {
            columns.add(unquote(column.getColumnName()));
            parameters.add(parameter.getIndex());
        }
    }

    private static PointShape inserted(Insert insert, String table) {
        if (insert.getWithItemsList() != null || insert.getDuplicateUpdateSets() != null
            || insert.getConflictAction() != null || insert.getSetUpdateSets() != null || !named(insert.getTable(), table)) {
            return null;
        }
        List<String> columns = new ArrayList<>();
        List<Integer> parameters = new ArrayList<>();
        ExpressionList<?> values = insert.getValues() != null ? insert.getValues().getExpressions() : null;
        if (insert.getColumns() != null && values != null && insert.getColumns().size() == values.size()
            && !(values.get(0) instanceof ExpressionList<?>)) {
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i) instanceof JdbcParameter parameter && !parameter.isUseFixedIndex()) {
                    columns.add(unquote(insert.getColumns().get(i).getColumnName()));
                    parameters.add(parameter.getIndex());
                }
            }
        }
        return new PointShape(Kind.INSERT, qualifiedName(insert.getTable()), columns, parameters, Set.of());
    }

    /** The column belongs to {@code from}: unqualified, or qualified by its alias or name. */
    private static boolean ofTable(Column column, Table from) {
        Table qualifier = column.getTable();
        if (qualifier == null || qualifier.getName() == null) {
            return true;
        }
        String name = unquote(qualifier.getName());
        if (from.getAlias() != null) {
            return name.equals(unquote(from.getAlias().getName()));
        }
        return name.equals(qualifiedName(from));
    }

    private static boolean named(Table table, String identityTable) {
        return table != null && identityTable.equals(qualifiedName(table));
    }

    /** As {@link StatementIdentity#tables()} names it: lower case, unquoted, without {@code main.}. */
    private static String qualifiedName(Table table) {
        String name = unquote(table.getName());
        String schema = table.getSchemaName();
        if (schema == null || unquote(schema).equals("main")) {
            return name;
        }
        return unquote(schema) + "." + name;
    }

    static String unquote(String name) {
        String text = name.trim();
        if (text.length() >= 2) {
            char first = text.charAt(0);
            char last = text.charAt(text.length() - 1);
            if (first == '"' && last == '"' || first == '`' && last == '`' || first == '[' && last == ']') {
                text = text.substring(1, text.length() - 1);
            }
        }
        return text.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(kind.name()).append(' ').append(table);
        for (int i = 0; i < columns.length; i++) {
            text.append(' ').append(columns[i]).append("=?").append(parameters[i]);
        }
        return assigned.isEmpty() ? text.toString() : text.append(" set ").append(assigned).toString();
    }
}
