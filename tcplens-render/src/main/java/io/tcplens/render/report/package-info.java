/**
 * The self-contained HTML report ({@code tcplens report -r FILE -o report.html}).
 *
 * <p>Input: a {@link io.tcplens.render.report.ReportModel} = {@link io.tcplens.render.report.ReportSummary}
 * plus one {@link io.tcplens.render.report.ReportConnection} per TCP connection (with
 * {@link io.tcplens.render.report.Anomalies}, lifecycle lines in English and Chinese,
 * {@link io.tcplens.render.report.HttpTransaction}s, and optionally the packets as a
 * {@link io.tcplens.render.ladder.LadderConnection}). Entry point:
 * {@link io.tcplens.render.report.HtmlReport#write(ReportModel, java.io.OutputStream)}.
 *
 * <p>For big captures only the {@code maxDetailed} (500) most interesting connections carry
 * diagrams; {@link io.tcplens.render.report.HtmlReport#interesting} tells an integrator which
 * ones, so it can keep packets only for candidates. The page's CSS and JS are resources beside
 * this package, inlined and allowed by hash in the Content-Security-Policy.
 */
package io.tcplens.render.report;
