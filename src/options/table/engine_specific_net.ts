/**
 * Engine options of the network and remote-storage engines fio 3.33 here
 * can load: net, netsplice, rdma, gfapi, gfapi_async, nbd, rados, rbd.
 * Re-exported through engine_specific.ts; the same ordering rule applies
 * (each engine's options, in table order, follow its `--enghelp` order).
 */
import type { OptionDef } from "../types.ts";
import { isImplemented } from "../implemented.ts";

const CAT = "I/O engine specific parameters" as const;
const o = (d: Omit<OptionDef, "category" | "implemented">): OptionDef => ({
  ...d,
  category: CAT,
  implemented: isImplemented(d.name),
});

const NET = ["net", "netsplice"] as const;
const CEPH = ["rados", "rbd"] as const;
const GLUSTER = ["gfapi", "gfapi_async"] as const;

/** net and netsplice sockets, and rdma's connection settings. */
const socketOptions: readonly OptionDef[] = [
  o({
    name: "hostname",
    type: "str",
    help: "Peer host name or address to connect to (or multicast group to join)",
    engines: [...NET, "rdma"],
  }),
  o({
    name: "bindname",
    type: "str",
    help: "Local name or address the RDMA-CM connection binds to",
    default: "",
    engines: ["rdma"],
  }),
  // An integer 1..65535: a placeholder such as `port=[port]` (fio's
  // rdmaio-*.fio examples) is not a number and fails to parse.
  o({
    name: "port",
    type: "int",
    help: "TCP/UDP port (first of a range with numjobs) or RDMA-CM port",
    min: 1,
    max: 65535,
    engines: [...NET, "rdma"],
  }),
  // No vsock here: fio 3.33 knows only these five (netio_vsock*.fio fail).
  o({
    name: "protocol",
    aliases: ["proto"],
    type: "enum",
    help: "Transport the net engines use",
    default: "tcp",
    values: [
      { name: "tcp", help: "TCP over IPv4" },
      { name: "tcpv6", help: "TCP over IPv6" },
      { name: "udp", help: "UDP over IPv4" },
      { name: "udpv6", help: "UDP over IPv6" },
      { name: "unix", help: "A UNIX domain socket named by filename" },
    ],
    engines: NET,
  }),
  o({
    name: "verb",
    aliases: ["proto"],
    type: "enum",
    help: "RDMA operation this side performs",
    default: "write",
    values: [
      { name: "write", help: "One-sided RDMA WRITE" },
      { name: "read", help: "One-sided RDMA READ" },
      { name: "send", help: "Two-sided send" },
      { name: "recv", help: "Two-sided receive" },
    ],
    engines: ["rdma"],
  }),
  o({
    name: "nodelay",
    type: "bool",
    help: "Disable Nagle's algorithm (TCP_NODELAY)",
    engines: NET,
  }),
  o({
    name: "listen",
    type: "set",
    help: "Wait for the peer to connect instead of connecting out (TCP)",
    engines: NET,
  }),
  o({
    name: "pingpong",
    type: "set",
    help: "Have the receiver echo each payload back, to measure round trips",
    engines: NET,
  }),
  o({
    name: "interface",
    type: "str",
    help: "Local interface address used for UDP multicast",
    engines: NET,
  }),
  o({
    name: "ttl",
    type: "int",
    help: "Hop limit of outgoing UDP multicast packets",
    default: "1",
    engines: NET,
  }),
  o({
    name: "window_size",
    type: "size",
    help: "Socket send/receive buffer size to request",
    engines: NET,
  }),
  o({
    name: "mss",
    type: "size",
    help: "TCP maximum segment size to request (TCP_MAXSEG)",
    engines: NET,
  }),
];

/** GlusterFS through libgfapi. */
const glusterOptions: readonly OptionDef[] = [
  o({ name: "volume", type: "str", help: "GlusterFS volume to open", engines: GLUSTER }),
  o({
    name: "brick",
    type: "str",
    help: "GlusterFS server (brick host) to reach",
    engines: GLUSTER,
  }),
  o({
    name: "single-instance",
    type: "bool",
    help: "Share one GlusterFS connection between all jobs",
    engines: GLUSTER,
  }),
];

/** NBD through libnbd. */
const nbdOptions: readonly OptionDef[] = [
  // Like every engine option, an empty value is refused: nbd.fio's
  // `uri=${uri}` with $uri unset becomes `uri=` and fails to parse.
  o({
    name: "uri",
    type: "str",
    help: "NBD URI of the export (nbd://host/name, nbd+unix:///?socket=...)",
    engines: ["nbd"],
  }),
];

/** Ceph through librados and librbd. */
const cephOptions: readonly OptionDef[] = [
  o({ name: "clustername", type: "str", help: "Ceph cluster to join", engines: CEPH }),
  o({ name: "rbdname", type: "str", help: "RBD image to open", engines: ["rbd"] }),
  o({ name: "pool", type: "str", help: "Ceph pool holding the objects or image", engines: CEPH }),
  o({
    name: "clientname",
    type: "str",
    help: "Ceph client (user) name to connect as",
    engines: CEPH,
  }),
  o({
    name: "conf",
    type: "str",
    help: "Ceph configuration file to read",
    default: "/etc/ceph/ceph.conf",
    engines: ["rados"],
  }),
  o({
    name: "busy_poll",
    type: "bool",
    help: "Spin while waiting for completions instead of sleeping",
    default: "0",
    engines: CEPH,
  }),
  o({
    name: "touch_objects",
    type: "bool",
    help: "Create the job's objects before I/O starts",
    default: "1",
    engines: ["rados"],
  }),
];

/** Options of the network and remote-storage engines. */
export const netEngineOptions: readonly OptionDef[] = [
  ...socketOptions,
  ...glusterOptions,
  ...nbdOptions,
  ...cephOptions,
];
