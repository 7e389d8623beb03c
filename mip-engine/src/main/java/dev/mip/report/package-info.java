/**
 * The reports of {@code mip:verify}, all made from one {@link dev.mip.report.VerifyReport},
 * deterministically (same report, same bytes), the files written atomically: {@link dev.mip.report.JsonReport}
 * for machines (and to replay a recorded verdict), {@link dev.mip.report.JunitReport} for CI servers,
 * {@link dev.mip.report.HtmlReport} for people, and {@link dev.mip.report.LogTable} for the build log.
 *
 * <p>Layer: verdict (with gate). Uses the layers below it and gate, whose result it reports; never
 * config, run or the tools.
 */
package dev.mip.report;
