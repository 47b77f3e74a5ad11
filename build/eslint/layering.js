// Local ESLint rule in the spirit of VS Code's `code-layering`: every file belongs to a layer by its
// folder, and may import only from the layers its row allows. Bare specifiers are classified by the
// runtime they need (Node built-ins, Electron, native Node packages).
import { builtinModules } from 'node:module';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Folder prefix (relative to the repo root) → layer. First match wins. */
export const LAYER_FOLDERS = [
  ['common/', 'common'],
  ['electron/common/', 'common'],
  ['electron/engine/', 'engine'],
  ['electron/cli/', 'cli'],
  ['electron/host/', 'host'],
  ['electron/main/', 'main'],
  ['electron/preload/', 'preload'],
  ['electron/worker/', 'worker'],
  ['renderer/', 'renderer'],
  ['models/', 'models'],
];

/** Which layers, and which kinds of package, each layer may import. */
export const LAYER_RULES = {
  common: { layers: ['common'], node: false, electron: false },
  engine: { layers: ['common', 'engine'], node: true, electron: false },
  cli: { layers: ['common', 'engine', 'cli', 'host'], node: true, electron: false },
  host: { layers: ['common', 'engine', 'host'], node: true, electron: false },
  main: { layers: ['common', 'engine', 'host', 'main'], node: true, electron: true },
  preload: { layers: ['common', 'preload'], node: false, electron: true },
  // The utility-process entry: a composition root like main, so it builds the host's service over the engine.
  worker: { layers: ['common', 'engine', 'host', 'worker'], node: true, electron: true },
  renderer: { layers: ['common', 'renderer'], node: false, electron: false },
};

const NODE_ONLY_PACKAGES = new Set(['sharp', 'better-sqlite3', 'onnxruntime-node', 'tsx']);
const BUILTINS = new Set(builtinModules);

export function getLayerOfPath(absPath, root = ROOT) {
  const rel = path.relative(root, absPath).split(path.sep).join('/');
  // Fixtures pretend to live where their own folder name says (tests/fixtures/layering/<layer>/...).
  const fixture = /^tests\/fixtures\/layering\/[^/]+\/(.*)$/.exec(rel);
  const probe = fixture ? fixture[1] : rel;
  for (const [prefix, layer] of LAYER_FOLDERS) if (probe.startsWith(prefix)) return layer;
  return null;
}

function classifyBare(spec) {
  const name = spec.startsWith('node:') ? spec.slice(5) : spec;
  const top = name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0];
  if (spec.startsWith('node:') || BUILTINS.has(top)) return 'node';
  if (top === 'electron') return 'electron';
  if (NODE_ONLY_PACKAGES.has(top)) return 'node';
  return 'package';
}

function fixtureRoot(filename) {
  const m = /^(.*\/tests\/fixtures\/layering\/[^/]+)\//.exec(filename.split(path.sep).join('/'));
  return m ? m[1] : null;
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the import layers of DEVELOPERS.md (common ← engine ← main; renderer and preload see only common).' },
    schema: [],
    messages: {
      badLayer: 'Bad layering. You are not allowed to access {{target}} ({{targetLayer}}) from {{layer}}.',
      badRuntime: 'Bad layering. {{layer}} may not import {{kind}} module "{{spec}}".',
    },
  },
  create(context) {
    const filename = context.filename;
    const root = fixtureRoot(filename) ?? ROOT;
    const layer = getLayerOfPath(filename, fixtureRoot(filename) ? root : ROOT) ?? getLayerOfPath(filename);
    const rules = layer ? LAYER_RULES[layer] : null;
    if (!rules) return {};
    function check(node, spec) {
      if (typeof spec !== 'string') return;
      if (spec.startsWith('.') || spec.startsWith('/')) {
        const target = path.resolve(path.dirname(filename), spec);
        const targetLayer = getLayerOfPath(target, root);
        if (targetLayer && !rules.layers.includes(targetLayer)) {
          context.report({ node, messageId: 'badLayer', data: { target: spec, targetLayer, layer } });
        }
        return;
      }
      const kind = classifyBare(spec);
      if ((kind === 'node' && !rules.node) || (kind === 'electron' && !rules.electron)) {
        context.report({ node, messageId: 'badRuntime', data: { layer, kind, spec } });
      }
    }
    return {
      ImportDeclaration: (n) => check(n.source, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n.source, n.source.value),
      ExportAllDeclaration: (n) => check(n.source, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n.source, n.source.value),
    };
  },
};

export default { rules: { imports: rule } };
