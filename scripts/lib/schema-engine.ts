// Prisma's schema engine, loaded from the WebAssembly build in @prisma/schema-engine-wasm, so
// that creating migrations never needs the native engine Prisma's CLI downloads.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { SchemaEngine as SchemaEngineType } from "@prisma/schema-engine-wasm/schema_engine_bg";

export type SchemaEngine = SchemaEngineType;

type EngineGlue = {
  SchemaEngine: typeof SchemaEngineType;
  __wbg_set_wasm: (exports: WebAssembly.Exports) => void;
};

let engineClass: Promise<typeof SchemaEngineType> | undefined;

export function loadSchemaEngine(): Promise<typeof SchemaEngineType> {
  engineClass ??= instantiate();
  return engineClass;
}

async function instantiate(): Promise<typeof SchemaEngineType> {
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
  // The engine reports panics through this global; without it a panic is an opaque trap.
  Object.assign(globalThis, {
    PRISMA_WASM_PANIC_REGISTRY: {
      message: "",
      get() {
        return this.message;
      },
      set_message(message: string) {
        this.message = `RuntimeError: ${message}`;
      },
    },
  });
  const glue = (await import(pathToFileURL(path.join(dir, "schema_engine_bg.js")).href)) as EngineGlue;
  const wasmModule = new WebAssembly.Module(await readFile(path.join(dir, "schema_engine_bg.wasm")));
  const instance = new WebAssembly.Instance(wasmModule, {
    "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports,
  });
  glue.__wbg_set_wasm(instance.exports);
  const start = instance.exports.__wbindgen_start;
  if (typeof start === "function") start();
  return glue.SchemaEngine;
}
