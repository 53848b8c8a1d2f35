/**
 * How a job's results are printed (ReportOptions), from its options: read
 * once by the Worker for its result and by the coordinator for a job that
 * never reported.
 */
import type { JobSpec } from "../job/spec.ts";
import { boolOption, numberOption, optionValue, stringOption } from "../job/options.ts";
import { DEFAULT_PERCENTILES } from "./histogram.ts";
import type { ReportOptions } from "./result.ts";

/** Decimals fio shows for a percentile list (the most any entry has). */
function percentilePrecision(list: readonly number[]): number {
  let most = 0;
  for (const p of list) {
    const text = String(p);
    const dot = text.indexOf(".");
    if (dot >= 0) most = Math.max(most, text.length - dot - 1);
  }
  return most;
}

/** How a job's results are printed, from its options. */
export function reportOptions(spec: JobSpec): ReportOptions {
  const plist = optionValue(spec, "percentile_list");
  const list = Array.isArray(plist) && plist.length ? plist.map(Number) : [...DEFAULT_PERCENTILES];
  const kb = Number(optionValue(spec, "kb_base") ?? 1024) === 1000 ? 1000 : 1024;
  const ub = Number(optionValue(spec, "unit_base") ?? 0);
  const unified = stringOption(spec, "unified_rw_reporting", "none");
  return {
    percentileList: list,
    clatPercentiles: boolOption(spec, "clat_percentiles", true),
    latPercentiles: boolOption(spec, "lat_percentiles"),
    slatPercentiles: boolOption(spec, "slat_percentiles"),
    kbBase: kb,
    unitBase: ub === 1 || ub === 8 ? ub : 0,
    unifiedRwReporting: unified === "mixed" || unified === "1"
      ? "mixed"
      : unified === "both" || unified === "2"
      ? "both"
      : "none",
    groupReporting: boolOption(spec, "group_reporting"),
    sigFigs: numberOption(spec, "significant_figures", 4),
    percentilePrecision: Array.isArray(plist) && plist.length ? percentilePrecision(list) : 2,
  };
}
