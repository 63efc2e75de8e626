package io.tcplens.render.report;

import java.util.List;

/**
 * Everything the HTML report shows. The summary's aggregate numbers (kinds of handshakes and
 * teardowns, anomaly totals) are computed from the connections by the report itself.
 */
public record ReportModel(ReportSummary summary, List<ReportConnection> connections) {
    public ReportModel {
        connections = List.copyOf(connections);
    }
}
