package io.tcplens.http;

import java.util.List;

/**
 * What the HTTP layer concluded about one connection: its transactions in order, the
 * persistence facts (keep-alive, who closed, idle time against the advertised timeout), and the
 * problems met (malformed data, limits, a reassembly buffer over its cap).
 */
public record HttpResult(List<HttpTransaction> transactions, HttpPersistence persistence,
                         List<HttpProblem> problems, boolean overCap,
                         /* exchanges counted in the persistence facts but not kept in full (see HttpConnectionAnalyzer.MAX_KEPT) */
                         int transactionsNotKept) {

    public int requests() { return persistence.requests(); }

    public int responses() { return persistence.responses(); }
}
