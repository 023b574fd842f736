package com.threatlens.agent.advisor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.Parenthesis;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.Update;

/**
 * Reads a statement's structure with JSqlParser: for every SELECT scope (subqueries, unions and
 * CTEs each their own), which table each column belongs to, and what the WHERE terms, joins,
 * ORDER BY and GROUP BY ask of each table. Only the top-level AND terms of a WHERE or ON clause
 * can use an index; each other term is either recognized as one that no B-tree index serves
 * (and said so) or left alone. Text the parser cannot read is {@link NotAnalyzable}, never guessed.
 */
final class ShapeReader {

    /** The parser runs its work on an executor of its own (for its time limit): one daemon thread for all. */
    private static final ExecutorService PARSER = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "threatlens-advisor-parser");
        thread.setDaemon(true);
        return thread;
    });

    /** A statement the parser cannot read, or one of a kind the advisor does not look at. */
    static final class NotAnalyzable extends Exception {
        private static final long serialVersionUID = 1L;

        NotAnalyzable(String reason) {
            super(reason, null, false, false);
        }
    }

    private final SchemaSnapshot schema;
    private final Map<TableUse, Boolean> uses = new LinkedHashMap<>();
    private final List<String> unindexable = new ArrayList<>();

    private ShapeReader(SchemaSnapshot schema) {
        this.schema = schema;
    }

    static StatementShape read(String sql, SchemaSnapshot schema) throws NotAnalyzable {
        Statement statement;
        try {
            statement = CCJSqlParserUtil.parse(sql, PARSER, parser -> { });
        } catch (JSQLParserException | RuntimeException unreadable) {
            throw new NotAnalyzable("the SQL parser cannot read it: " + firstLine(unreadable));
        }
        ShapeReader reader = new ShapeReader(schema);
        if (statement instanceof Select select) {
            reader.select(select, null);
        } else if (statement instanceof Update update) {
            reader.single(update.getTable(), update.getWhere());
        } else if (statement instanceof Delete delete) {
            reader.single(delete.getTable(), delete.getWhere());
        } else {
            throw new NotAnalyzable("only SELECT, UPDATE and DELETE statements are analyzed");
        }
        return new StatementShape(List.copyOf(reader.uses.keySet()), reader.unindexable);
    }

    private static String firstLine(Exception failure) {
        Throwable root = failure.getCause() != null ? failure.getCause() : failure;
        String message = String.valueOf(root.getMessage());
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    /** The tables visible in one SELECT, by name and alias, and the scope around it (for correlated subqueries). */
    private static final class Scope {
        final Scope outer;
        final Map<String, TableUse> byName = new HashMap<>();

        Scope(Scope outer) {
            this.outer = outer;
        }
    }

    private void single(net.sf.jsqlparser.schema.Table table, Expression where) {
        Scope scope = new Scope(null);
        addTable(scope, table);
        conditions(scope, where);
    }

    private void select(Select select, Scope outer) {
        if (select.getWithItemsList() != null) {
            for (WithItem<?> with : select.getWithItemsList()) {
                if (with.getSelect() != null) {
                    select(with.getSelect(), outer);
                }
            }
        }
        if (select instanceof PlainSelect plain) {
            plain(plain, outer);
        } else if (select instanceof SetOperationList union) {
            union.getSelects().forEach(part -> select(part, outer));
        } else if (select instanceof ParenthesedSelect parenthesed) {
            select(parenthesed.getSelect(), outer);
        }
    }

    private void plain(PlainSelect select, Scope outer) {
        Scope scope = new Scope(outer);
        from(scope, select.getFromItem());
        List<Expression> joinTerms = new ArrayList<>();
        if (select.getJoins() != null) {
            for (Join join : select.getJoins()) {
                from(scope, join.getRightItem());
                joinTerms.addAll(join.getOnExpressions());
                for (Column column : join.getUsingColumns() == null ? List.<Column>of() : join.getUsingColumns()) {
                    for (TableUse use : scope.byName.values()) {
                        use.table.column(column.getColumnName()).ifPresent(use.equalities::add);
                    }
                }
            }
        }
        for (Expression on : joinTerms) {
            conditions(scope, on);
        }
        conditions(scope, select.getWhere());
        List<Expression> ordering = new ArrayList<>();
        List<Boolean> descending = new ArrayList<>();
        if (select.getOrderByElements() != null) {
            for (OrderByElement element : select.getOrderByElements()) {
                ordering.add(element.getExpression());
                descending.add(!element.isAsc());
            }
        } else if (select.getGroupBy() != null) {
            GroupByElement group = select.getGroupBy();
            for (Object expression : group.getGroupByExpressionList()) {
                ordering.add((Expression) expression);
                descending.add(false);
            }
        }
        order(scope, ordering, descending);
        for (SelectItem<?> item : select.getSelectItems()) {
            Expression expression = item.getExpression();
            if (expression instanceof AllTableColumns all) {
                TableUse use = resolveTable(scope, all.getTable().getName());
                if (use != null) {
                    use.readsAll = true;
                }
            } else if (expression instanceof AllColumns) {
                scope.byName.values().forEach(use -> use.readsAll = true);
            } else {
                subqueries(scope, expression);
                columnsRead(scope, expression);
            }
        }
        joinTerms.forEach(term -> columnsRead(scope, term));
        columnsRead(scope, select.getWhere());
        columnsRead(scope, select.getHaving());
        ordering.forEach(term -> columnsRead(scope, term));
    }

    private void from(Scope scope, FromItem item) {
        if (item instanceof net.sf.jsqlparser.schema.Table table) {
            addTable(scope, table);
        } else if (item instanceof ParenthesedSelect subquery) {
            select(subquery.getSelect(), scope.outer);
        }
    }

    private void addTable(Scope scope, net.sf.jsqlparser.schema.Table table) {
        String schemaName = table.getSchemaName();
        if (schemaName != null && !schemaName.equalsIgnoreCase("main")) {
            return;
        }
        schema.table(unquote(table.getName())).filter(found -> !found.virtual()).ifPresent(found -> {
            TableUse use = new TableUse(found);
            uses.put(use, Boolean.TRUE);
            scope.byName.put(found.name().toLowerCase(Locale.ROOT), use);
            if (table.getAlias() != null) {
                String alias = unquote(table.getAlias().getName());
                use.names.add(alias);
                scope.byName.put(alias.toLowerCase(Locale.ROOT), use);
            }
        });
    }

    private static String unquote(String name) {
        if (name.length() >= 2 && (name.startsWith("\"") && name.endsWith("\"") || name.startsWith("`") && name.endsWith("`")
            || name.startsWith("[") && name.endsWith("]"))) {
            return name.substring(1, name.length() - 1);
        }
        return name;
    }

    /** A column reference resolved to its table's use and its name as the schema spells it. */
    private record Ref(TableUse use, String column, boolean inThisScope) {
    }

    private Ref resolve(Scope scope, Expression expression) {
        if (!(expression instanceof Column column)) {
            return null;
        }
        String name = unquote(column.getColumnName());
        String qualifier = column.getTable() == null || column.getTable().getName() == null
            ? null : unquote(column.getTable().getName());
        for (Scope current = scope; current != null; current = current.outer) {
            if (qualifier != null) {
                TableUse use = current.byName.get(qualifier.toLowerCase(Locale.ROOT));
                if (use != null) {
                    return use.table.column(name).map(found -> new Ref(use, found, false)).orElse(null);
                }
                continue;
            }
            Ref only = null;
            for (TableUse use : new java.util.LinkedHashSet<>(current.byName.values())) {
                if (use.table.column(name).isPresent()) {
                    if (only != null) {
                        return null;
                    }
                    only = new Ref(use, use.table.column(name).get(), false);
                }
            }
            if (only != null) {
                return new Ref(only.use(), only.column(), current == scope);
            }
        }
        return null;
    }

    private TableUse resolveTable(Scope scope, String name) {
        return name == null ? null : scope.byName.get(unquote(name).toLowerCase(Locale.ROOT));
    }

    private Ref resolveHere(Scope scope, Expression expression) {
        Ref ref = resolve(scope, expression);
        if (ref == null) {
            return null;
        }
        boolean here = scope.byName.containsValue(ref.use());
        return new Ref(ref.use(), ref.column(), here);
    }

    /** One WHERE or ON clause: its top-level AND terms, each read on its own. */
    private void conditions(Scope scope, Expression where) {
        if (where == null) {
            return;
        }
        if (where instanceof AndExpression and) {
            conditions(scope, and.getLeftExpression());
            conditions(scope, and.getRightExpression());
        } else if (where instanceof Parenthesis parenthesis) {
            conditions(scope, parenthesis.getExpression());
        } else if (where instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
            conditions(scope, list.get(0));
        } else {
            term(scope, where);
        }
    }

    private void term(Scope scope, Expression term) {
        subqueries(scope, term);
        if (term instanceof EqualsTo equals) {
            equality(scope, equals.getLeftExpression(), equals.getRightExpression());
        } else if (term instanceof NotEqualsTo notEquals) {
            unusable(scope, notEquals.getLeftExpression(), "an inequality (!= or <>) on %s cannot use an index");
        } else if (term instanceof ComparisonOperator comparison) {
            boolean leftColumn = range(scope, comparison.getLeftExpression(), comparison.getRightExpression());
            if (!leftColumn) {
                range(scope, comparison.getRightExpression(), comparison.getLeftExpression());
            }
        } else if (term instanceof Between between) {
            if (between.isNot()) {
                unusable(scope, between.getLeftExpression(), "NOT BETWEEN on %s cannot use an index");
            } else {
                range(scope, between.getLeftExpression(), null);
            }
        } else if (term instanceof InExpression in) {
            if (in.isNot()) {
                unusable(scope, in.getLeftExpression(), "NOT IN on %s cannot use an index");
            } else {
                equality(scope, in.getLeftExpression(), null);
            }
        } else if (term instanceof IsNullExpression isNull) {
            if (isNull.isNot()) {
                unusable(scope, isNull.getLeftExpression(), "IS NOT NULL on %s selects most rows; an index would not help");
            } else {
                equality(scope, isNull.getLeftExpression(), null);
            }
        } else if (term instanceof LikeExpression like) {
            like(scope, like);
        } else if (term instanceof OrExpression or) {
            or(scope, or);
        } else if (term instanceof NotExpression not) {
            unindexable.add("NOT (" + not.getExpression() + ") cannot use an index");
        }
    }

    /** {@code column = value}, {@code column IN (...)} or {@code column IS NULL}; a join when both sides are columns. */
    private void equality(Scope scope, Expression left, Expression right) {
        Ref leftRef = resolveHere(scope, left);
        Ref rightRef = right == null ? null : resolveHere(scope, right);
        if (leftRef != null && leftRef.inThisScope() && (rightRef == null || rightRef.use() != leftRef.use())) {
            leftRef.use().equalities.add(leftRef.column());
        }
        if (rightRef != null && rightRef.inThisScope() && (leftRef == null || leftRef.use() != rightRef.use())) {
            rightRef.use().equalities.add(rightRef.column());
        }
        if (leftRef == null && rightRef == null) {
            expressionOverColumn(scope, left);
            if (right != null) {
                expressionOverColumn(scope, right);
            }
        }
    }

    /** {@code column < value} and the like; false when {@code column} is not a plain column of this scope. */
    private boolean range(Scope scope, Expression column, Expression value) {
        Ref ref = resolveHere(scope, column);
        if (ref == null || !ref.inThisScope() || value != null && resolveHere(scope, value) != null
            && resolveHere(scope, value).use() == ref.use()) {
            if (ref == null) {
                expressionOverColumn(scope, column);
            }
            return false;
        }
        ref.use().ranges.add(IndexColumn.ascending(ref.column()));
        return true;
    }

    private void like(Scope scope, LikeExpression like) {
        Ref ref = resolveHere(scope, like.getLeftExpression());
        if (ref == null || !ref.inThisScope()) {
            expressionOverColumn(scope, like.getLeftExpression());
            return;
        }
        String column = ref.column();
        Expression pattern = like.getRightExpression();
        if (like.isNot()) {
            unindexable.add("NOT LIKE on " + column + " cannot use an index");
        } else if (like.getLikeKeyWord() != LikeExpression.KeyWord.LIKE) {
            unindexable.add(like.getLikeKeyWord() + " on " + column + " cannot use a B-tree index");
        } else if (pattern instanceof StringValue literal) {
            String text = literal.getValue();
            if (text.isEmpty() || text.charAt(0) == '%' || text.charAt(0) == '_') {
                unindexable.add("LIKE with a leading wildcard on " + column
                    + " (an infix or suffix match) cannot use a B-tree index; a full-text index (FTS5) can");
            } else if (like.getEscape() != null) {
                unindexable.add("LIKE with ESCAPE on " + column + " cannot use an index in SQLite");
            } else {
                // SQLite's LIKE ignores case, so only an index that does too can serve the prefix.
                ref.use().ranges.add(new IndexColumn(column, false, true));
            }
        } else if (pattern instanceof JdbcParameter || pattern instanceof JdbcNamedParameter) {
            unindexable.add("LIKE on " + column + " with a pattern bound at run time: SQLite uses an index only for"
                + " a literal pattern without a leading wildcard");
        } else {
            unindexable.add("LIKE on " + column + " with a computed pattern cannot use an index");
        }
    }

    /** An OR of equalities on one column is an IN list; any other OR needs an index per branch. */
    private void or(Scope scope, OrExpression or) {
        List<Expression> branches = new ArrayList<>();
        flattenOr(or, branches);
        String column = null;
        TableUse use = null;
        for (Expression branch : branches) {
            Ref ref = branch instanceof EqualsTo equals ? resolveHere(scope, equals.getLeftExpression()) : null;
            if (ref == null || !ref.inThisScope() || column != null && (!column.equals(ref.column()) || use != ref.use())) {
                unindexable.add("OR across different columns or conditions (" + or
                    + "): one index cannot serve it; SQLite may combine one index per branch");
                return;
            }
            column = ref.column();
            use = ref.use();
        }
        if (use != null) {
            use.equalities.add(column);
        }
    }

    private static void flattenOr(Expression expression, List<Expression> branches) {
        if (expression instanceof OrExpression or) {
            flattenOr(or.getLeftExpression(), branches);
            flattenOr(or.getRightExpression(), branches);
        } else if (expression instanceof Parenthesis parenthesis) {
            flattenOr(parenthesis.getExpression(), branches);
        } else if (expression instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
            flattenOr(list.get(0), branches);
        } else {
            branches.add(expression);
        }
    }

    private void unusable(Scope scope, Expression column, String sentence) {
        Ref ref = resolveHere(scope, column);
        if (ref != null) {
            unindexable.add(String.format(Locale.ROOT, sentence, ref.column()));
        }
    }

    /** A function or arithmetic over a column: an index on the column cannot serve it. */
    private void expressionOverColumn(Scope scope, Expression expression) {
        if (expression instanceof Function || expression instanceof net.sf.jsqlparser.expression.BinaryExpression
            || expression instanceof net.sf.jsqlparser.expression.CastExpression) {
            List<String> columns = new ArrayList<>();
            expression.accept(new ColumnVisitor(column -> {
                Ref ref = resolveHere(scope, column);
                if (ref != null && ref.inThisScope()) {
                    columns.add(ref.column());
                }
            }), null);
            if (!columns.isEmpty()) {
                unindexable.add("the expression " + expression + " over " + String.join(", ", columns)
                    + " cannot use an index on the column; compare the column itself, or index the expression");
            }
        }
    }

    private void order(Scope scope, List<Expression> terms, List<Boolean> descending) {
        if (terms.isEmpty()) {
            return;
        }
        TableUse use = null;
        List<IndexColumn> columns = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            Ref ref = resolveHere(scope, terms.get(i));
            if (ref == null || !ref.inThisScope() || use != null && use != ref.use()) {
                unindexable.add("ORDER BY or GROUP BY over expressions or several tables: no index gives this order");
                return;
            }
            use = ref.use();
            columns.add(new IndexColumn(ref.column(), descending.get(i), false));
        }
        use.order.addAll(columns);
    }

    private void columnsRead(Scope scope, Expression expression) {
        if (expression == null) {
            return;
        }
        expression.accept(new ColumnVisitor(column -> {
            Ref ref = resolveHere(scope, column);
            if (ref != null && ref.inThisScope()) {
                ref.use().read.add(ref.column());
            }
        }), null);
    }

    /** Subqueries inside a term are scopes of their own, correlated to this one. */
    private void subqueries(Scope scope, Expression term) {
        term.accept(new ExpressionVisitorAdapter<Void>() {
            @Override
            public <S> Void visit(ParenthesedSelect subquery, S context) {
                select(subquery.getSelect(), scope);
                return null;
            }

            @Override
            public <S> Void visit(Select subquery, S context) {
                select(subquery, scope);
                return null;
            }

            @Override
            public <S> Void visit(ExistsExpression exists, S context) {
                exists.getRightExpression().accept(this, context);
                return null;
            }
        }, null);
    }

    /** Every column an expression names, subqueries left out (they are scopes of their own). */
    private static final class ColumnVisitor extends ExpressionVisitorAdapter<Void> {
        private final java.util.function.Consumer<Column> found;

        ColumnVisitor(java.util.function.Consumer<Column> found) {
            this.found = found;
        }

        @Override
        public <S> Void visit(Column column, S context) {
            found.accept(column);
            return null;
        }

        @Override
        public <S> Void visit(ParenthesedSelect subquery, S context) {
            return null;
        }

        @Override
        public <S> Void visit(Select subquery, S context) {
            return null;
        }
    }
}
