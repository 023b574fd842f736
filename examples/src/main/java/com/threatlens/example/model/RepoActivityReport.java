package com.threatlens.example.model;

import java.util.List;

/** Activity of every repository since {@code since}, ordered by repository id. */
public record RepoActivityReport(int days, String since, List<RepoActivity> repositories) {
}
