import type { OptionDef } from "../types.ts";
import { isImplemented } from "../implemented.ts";

/** An entry of this section (implementation status from src/options/implemented.ts). */
const proc = (d: Omit<OptionDef, "category" | "implemented">): OptionDef => ({
  category: "Threads, processes and job synchronization",
  implemented: isImplemented(d.name),
  ...d,
});

/** Options of the HOWTO section "Threads, processes and job synchronization". */
export const processOptions: readonly OptionDef[] = [
  proc({
    name: "thread",
    type: "set",
    help: "Run the job as a thread of the fio process rather than a forked process",
  }),
  proc({
    name: "wait_for",
    type: "str",
    help: "Start only after the named job has finished",
  }),
  proc({
    name: "nice",
    type: "int",
    help: "Scheduling niceness of the job, -20 (favoured) to 19",
    default: "0",
    min: -20,
    max: 19,
  }),
  proc({
    name: "prio",
    type: "int",
    help: "I/O priority level within the class, 0 (highest) to 7",
    min: 0,
    max: 7,
  }),
  proc({
    name: "prioclass",
    type: "int",
    help: "I/O priority class: 1 realtime, 2 best-effort, 3 idle",
    min: 0,
    max: 3,
  }),
  proc({
    name: "cpus_allowed",
    type: "special",
    parser: "cpulist",
    help: "CPUs the job may run on, as a list of numbers and ranges",
  }),
  proc({
    name: "cpus_allowed_policy",
    type: "enum",
    help: "How the jobs sharing cpus_allowed use those CPUs",
    parent: "cpus_allowed",
    values: [
      { name: "shared", help: "Every job may use every listed CPU" },
      { name: "split", help: "Each job gets one of the listed CPUs" },
    ],
  }),
  proc({
    name: "cpumask",
    type: "special",
    parser: "cpumask",
    help: "CPUs the job may run on, as a bit mask (bit 0 is CPU 0)",
    min: 0,
  }),
  proc({
    name: "numa_cpu_nodes",
    type: "str",
    help: "Run the job on the CPUs of these NUMA nodes",
  }),
  proc({
    name: "numa_mem_policy",
    type: "str",
    help: "NUMA memory policy for the job: mode[:nodelist]",
  }),
  proc({
    name: "cgroup",
    type: "str",
    help: "Put the job in this control group, creating it if needed",
  }),
  proc({
    name: "cgroup_weight",
    type: "int",
    help: "Block I/O weight of the job's cgroup, 100 to 1000",
    min: 100,
    max: 1000,
    parent: "cgroup",
  }),
  proc({
    name: "cgroup_nodelete",
    type: "bool",
    help: "Leave the job's cgroup in place when the job ends",
    default: "0",
    min: 0,
    max: 1,
    parent: "cgroup",
  }),
  proc({
    name: "flow_id",
    type: "int",
    help: "Flow control group this job belongs to",
    default: "0",
    min: 0,
  }),
  proc({
    // fio 3.33 also takes a negative weight (old signed-token form) although
    // it lists min=0, so no lower bound here.
    name: "flow",
    type: "int",
    help: "This job's weight within its flow; jobs keep I/O in that proportion",
    default: "0",
    max: 1000,
    parent: "flow_id",
  }),
  proc({
    name: "flow_sleep",
    type: "int",
    help: "Microseconds to pause when flow control holds the job back",
    default: "0",
    min: 0,
    parent: "flow_id",
  }),
  proc({
    name: "flow_watermark",
    hidden: true,
    type: "deprecated",
    help: "Old flow control threshold; accepted with a deprecation warning",
  }),
  proc({
    name: "stonewall",
    aliases: ["wait_for_previous"],
    type: "set",
    help: "Wait for all earlier jobs to finish before starting this one",
  }),
  proc({
    name: "exitall",
    type: "set",
    help: "When this job ends, stop the other running jobs too",
  }),
  proc({
    name: "exit_what",
    type: "enum",
    help: "Which jobs exitall stops",
    default: "group",
    values: [
      { name: "group", help: "Jobs running in the same group (the usual exitall)" },
      { name: "stonewall", help: "Running jobs up to the next stonewall" },
      { name: "all", help: "Every job, including ones not started yet" },
    ],
  }),
  proc({
    name: "exec_prerun",
    type: "str",
    help: "Shell command to run before the job starts",
  }),
  proc({
    name: "exec_postrun",
    type: "str",
    help: "Shell command to run after the job ends",
  }),
  proc({
    name: "uid",
    type: "int",
    help: "Switch the job to this user id before it runs",
    min: 0,
  }),
  proc({
    name: "gid",
    type: "int",
    help: "Switch the job to this group id before it runs",
    min: 0,
  }),
];
