// Validates Kubernetes manifests (YAML, several documents) against the API's JSON schemas, offline, with the
// schemas the kubernetes-models package carries. Usage: node validate.mjs FILE...  Exits 1 on any error,
// naming the document (kind/name) and the path of each error. Kinds it has no schema for are an error too.
import { readFileSync } from "node:fs";
import yaml from "js-yaml";

let failures = 0, checked = 0;

async function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
  const path = group ? `kubernetes-models/${group}/${version}/${kind}` : `kubernetes-models/${version}/${kind}`;
  try {
    const mod = await import(path);
    return mod[kind] ?? mod.default;
  } catch {
    return null;
  }
}

for (const file of process.argv.slice(2)) {
  for (const doc of yaml.loadAll(readFileSync(file, "utf8"))) {
    if (!doc) continue;
    const where = `${file}: ${doc.kind}/${doc.metadata?.name}`;
    const Model = await modelFor(doc.apiVersion ?? "", doc.kind ?? "");
    if (!Model) { console.error(`${where}: no schema for ${doc.apiVersion} ${doc.kind}`); failures++; continue; }
    try {
      new Model(doc).validate();
      checked++;
    } catch (e) {
      failures++;
      console.error(`${where}: ${e.message}`);
      for (const err of e.errors ?? []) console.error(`    ${err.instancePath} ${err.message} ${JSON.stringify(err.params)}`);
    }
  }
}
console.log(`kubernetes schemas: ${checked} valid, ${failures} invalid`);
process.exit(failures ? 1 : 0);
