// Lists import cycles among the TypeScript files of a folder (src by default), type-only imports
// included, first between files, then between its top-level folders (a file at the top counts as
// its own unit): a cycle between folders is a layer that leans on the one above it.
// Exits 1 when there is any. Usage: node scripts/import-cycles.mjs [folder]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? 'src');

function tsFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Each file's relative imports and re-exports, as files (`./x.js` is `./x.ts` in the source). */
function importGraph(files) {
  const graph = new Map();
  for (const file of files) {
    const targets = new Set();
    for (const match of readFileSync(file, 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"](\.[^'"]+)['"]/g)) {
      const target = resolve(dirname(file), match[1].replace(/\.js$/, '.ts'));
      if (existsSync(target)) targets.add(target);
    }
    graph.set(file, [...targets]);
  }
  return graph;
}

/** The same graph with each top-level folder as one node. */
function folderGraph(graph) {
  const unit = (file) => {
    const [top, ...rest] = relative(root, file).split('/');
    return rest.length > 0 ? `${top}/` : top;
  };
  const folded = new Map();
  for (const [file, targets] of graph) {
    const edges = folded.get(unit(file)) ?? new Set();
    for (const target of targets) if (unit(target) !== unit(file)) edges.add(unit(target));
    folded.set(unit(file), edges);
  }
  return new Map([...folded].map(([node, edges]) => [node, [...edges]]));
}

/** Strongly connected components of more than one node (Tarjan). */
function cycles(graph) {
  let next = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  const visit = (node) => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    onStack.add(node);
    for (const target of graph.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node), low.get(target)));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node), index.get(target)));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) found.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

function report(label, graph, name) {
  const found = cycles(graph);
  for (const component of found) {
    const members = new Set(component);
    console.log(`${label} cycle:`);
    for (const node of component) {
      const inCycle = graph.get(node).filter((target) => members.has(target));
      console.log(`  ${name(node)} -> ${inCycle.map(name).join(', ')}`);
    }
  }
  return found.length;
}

const files = importGraph(tsFiles(root));
const count = report('file', files, (file) => relative(root, file)) + report('folder', folderGraph(files), (unit) => unit);
console.log(`${count} import cycle(s) in ${relative(process.cwd(), root) || '.'}`);
process.exitCode = count > 0 ? 1 : 0;
