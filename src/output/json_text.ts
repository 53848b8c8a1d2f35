/**
 * fio's own JSON printer: ordered objects, `"key" : value` pairs, two-space
 * indents, integers as integers and floats as printf `%f`. JSON.stringify
 * cannot reproduce this layout (nor the float form), so documents are built
 * from these typed nodes and printed by `printJson`.
 */
import { fixed, intStr } from "./format.ts";

/** One JSON value with the C type fio gives it. */
export type JsonNode =
  | { readonly kind: "int"; readonly value: number }
  | { readonly kind: "float"; readonly value: number }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "object"; readonly pairs: [string, JsonNode][] }
  | { readonly kind: "array"; readonly items: JsonNode[] };

/** An integer node (printed with `%lld`). */
export const jInt = (value: number): JsonNode => ({ kind: "int", value });
/** A float node (printed with `%f`). */
export const jFloat = (value: number): JsonNode => ({ kind: "float", value });
/** A string node. */
export const jStr = (value: string): JsonNode => ({ kind: "string", value });
/** An array node. */
export const jArr = (items: JsonNode[] = []): JsonNode => ({ kind: "array", items });

/** An ordered object under construction. */
export class JsonObject {
  /** Key/value pairs in insertion order (duplicates kept, as fio does). */
  readonly pairs: [string, JsonNode][] = [];

  /** Appends a pair and returns this object. */
  add(key: string, value: JsonNode | JsonObject): this {
    this.pairs.push([key, value instanceof JsonObject ? value.node() : value]);
    return this;
  }

  /** Appends an integer pair. */
  int(key: string, value: number): this {
    return this.add(key, jInt(value));
  }

  /** Appends a float pair. */
  float(key: string, value: number): this {
    return this.add(key, jFloat(value));
  }

  /** Appends a string pair. */
  str(key: string, value: string): this {
    return this.add(key, jStr(value));
  }

  /** The object as a node (shares the pair list). */
  node(): JsonNode {
    return { kind: "object", pairs: this.pairs };
  }
}

/** fio escapes only backslash and double quote in string values. */
function escape(s: string): string {
  return s.replace(/[\\"]/g, (c) => `\\${c}`);
}

function indent(level: number): string {
  return "  ".repeat(level);
}

function printValue(node: JsonNode, level: number, out: string[]): void {
  switch (node.kind) {
    case "int":
      out.push(intStr(node.value));
      return;
    case "float":
      out.push(fixed(node.value, 6));
      return;
    case "string":
      out.push(`"${escape(node.value)}"`);
      return;
    case "object":
      out.push("{\n");
      node.pairs.forEach(([key, value], i) => {
        if (i > 0) out.push(",\n");
        out.push(`${indent(level + 1)}"${key}" : `);
        printValue(value, level + 1, out);
      });
      out.push(`\n${indent(level)}}`);
      return;
    case "array":
      out.push("[\n");
      node.items.forEach((value, i) => {
        if (i > 0) out.push(",\n");
        out.push(indent(level + 1));
        printValue(value, level + 1, out);
      });
      out.push(`\n${indent(level)}]`);
      return;
  }
}

/** Prints a document the way fio does, with the final newline. */
export function printJson(root: JsonNode | JsonObject): string {
  const out: string[] = [];
  printValue(root instanceof JsonObject ? root.node() : root, 0, out);
  out.push("\n");
  return out.join("");
}
