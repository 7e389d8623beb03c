/**
 * The reports of {@code mip:verify}, all made from one {@link dev.mip.report.VerifyReport} and all
 * written atomically and deterministically (same report, same bytes): {@link dev.mip.report.JsonReport}
 * for machines (and to replay a recorded verdict), {@link dev.mip.report.JunitReport} for CI servers,
 * {@link dev.mip.report.HtmlReport} for people, and {@link dev.mip.report.LogTable} for the build log.
 */
package dev.mip.report;
