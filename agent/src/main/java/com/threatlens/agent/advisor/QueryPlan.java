package com.threatlens.agent.advisor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code EXPLAIN QUERY PLAN} says about a statement, read tolerantly: SQLite before 3.36
 * writes {@code SCAN TABLE t} and {@code SEARCH TABLE t USING INDEX i (a=?)}, later versions
 * {@code SCAN t}; newer ones add {@code USE TEMP B-TREE FOR LAST TERM OF ORDER BY} and
 * {@code BLOOM FILTER ON t}. Only the shapes that matter here are recognized: full scans, index
 * searches with how many of their terms are equalities, temporary B-trees and automatic indexes;
 * every other line is kept as text.
 */
record QueryPlan(List<String> lines, List<Access> accesses, List<String> tempBTrees) {

    /** How one table (or alias) is reached. {@code index} is null for a full table scan or a rowid lookup. */
    record Access(String table, boolean search, String index, boolean automatic, int equalities, boolean range,
                  boolean rowid) {

        boolean fullScan() {
            return !search && index == null;
        }
    }

    private static final Pattern ACCESS = Pattern.compile(
        "^(SCAN|SEARCH)(?: TABLE)? (\\S+)(?: AS (\\S+))?(?: USING (.*))?$");
    private static final Pattern USING_INDEX = Pattern.compile(
        "^(AUTOMATIC )?(?:PARTIAL )?(?:COVERING )?INDEX(?: (\\S+))?(?: \\((.*)\\))?$");
    private static final Pattern TEMP_BTREE = Pattern.compile("^USE TEMP B-TREE FOR (.*)$");

    QueryPlan {
        lines = List.copyOf(lines);
        accesses = List.copyOf(accesses);
        tempBTrees = List.copyOf(tempBTrees);
    }

    /** Plans {@code sql} on {@code connection} with every parameter bound to NULL: the statement itself never runs. */
    static QueryPlan explain(Connection connection, String sql) throws SQLException {
        List<String> details = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
            int parameters = statement.getParameterMetaData().getParameterCount();
            for (int i = 1; i <= parameters; i++) {
                statement.setObject(i, null);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    details.add(rows.getString("detail"));
                }
            }
        }
        return parse(details);
    }

    static QueryPlan parse(List<String> details) {
        List<Access> accesses = new ArrayList<>();
        List<String> temp = new ArrayList<>();
        for (String detail : details) {
            String line = detail.trim();
            Matcher tempMatch = TEMP_BTREE.matcher(line);
            if (tempMatch.matches()) {
                temp.add(tempMatch.group(1));
                continue;
            }
            Matcher access = ACCESS.matcher(line);
            if (!access.matches() || line.contains(" VIRTUAL TABLE ") || access.group(2).equals("CONSTANT")
                || access.group(2).startsWith("(")) {
                continue;
            }
            String table = access.group(3) != null ? access.group(3) : access.group(2);
            boolean search = access.group(1).equals("SEARCH");
            String using = access.group(4);
            if (using == null) {
                accesses.add(new Access(table, search, null, false, 0, false, false));
                continue;
            }
            Matcher index = USING_INDEX.matcher(using);
            if (index.matches()) {
                String terms = index.group(3) == null ? "" : index.group(3);
                accesses.add(new Access(table, search, index.group(2) == null ? "(automatic)" : index.group(2),
                    index.group(1) != null, count(terms, "=?"), terms.contains(">") || terms.contains("<"), false));
            } else if (using.contains("PRIMARY KEY")) {
                accesses.add(new Access(table, true, null, false, 1, false, true));
            }
        }
        return new QueryPlan(details, accesses, temp);
    }

    private static int count(String text, String part) {
        int found = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            found++;
        }
        return found;
    }

    /** The accesses of one table, known in the statement by {@code names} (its name and aliases). */
    List<Access> accessesOf(List<String> names) {
        return accesses.stream()
            .filter(access -> names.stream().anyMatch(name -> name.equalsIgnoreCase(access.table())))
            .toList();
    }

    boolean scans(List<String> names) {
        return accessesOf(names).stream().anyMatch(access -> !access.search() && !access.rowid());
    }

    boolean usesIndex(String index) {
        return accesses.stream().anyMatch(access -> index.equalsIgnoreCase(access.index()));
    }

    /** The problems an index could solve, as short sentences. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (Access access : accesses) {
            if (access.fullScan()) {
                problems.add("full scan of " + access.table());
            } else if (access.automatic()) {
                problems.add("automatic index on " + access.table() + " built for every execution");
            }
        }
        for (String purpose : tempBTrees) {
            problems.add("temporary B-tree for " + purpose.toLowerCase(Locale.ROOT));
        }
        return problems;
    }
}
